package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskDumpDetectorTest {

    @Test
    @SuppressWarnings("unchecked")
    void sysrqT24DumpIsOneIncidentWithEveryTask() {
        // realworld C-1: 2.4.21 SysRq-T excerpt, tasks piled up in D state on ext3/jbd (LKML)
        List<LogRecord> recs = TestLogs.records("C-1", TestLogs.resource("/realworld/C-1.log"));
        List<IncidentBuilder> found = TestLogs.detect(new TaskDumpDetector(), recs);
        assertEquals(1, found.size());
        IncidentBuilder dump = found.get(0);
        assertEquals(IncidentKind.TASK_DUMP, dump.kind);
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) dump.facts.get("tasks");
        assertEquals(10, tasks.size());
        Map<String, Object> mutt = tasks.get(0);
        assertEquals("mutt", mutt.get("comm"));
        assertEquals(14627, mutt.get("pid"));
        assertEquals("D", mutt.get("state"));
        assertEquals(List.of("__wait_on_buffer", "ext3_free_inode", "ll_rw_block", "ext3_find_entry", "ext3_lookup", "lookup_hash",
                "sys_unlink", "system_call"), mutt.get("frames"));
        Map<String, Object> python = tasks.get(2);
        assertEquals(21334, python.get("pid"));
        assertTrue(((List<String>) python.get("frames")).contains(".text.lock.checkpoint"));
        assertEquals(10, dump.facts.get("blocked_tasks"));
        assertEquals(1, dump.line);
        assertEquals(36, dump.endLine);
        assertTrue(dump.title.startsWith("task dump: 10 tasks, 10 blocked"), dump.title);
    }

    @Test
    @SuppressWarnings("unchecked")
    void sysrqWModernDump() {
        List<LogRecord> recs = TestLogs.records("w", TestLogs.resource("/realworld/sysrq-w-5.15-fsstress.log"));
        List<IncidentBuilder> found = TestLogs.detect(new TaskDumpDetector(), recs);
        assertEquals(1, found.size());
        IncidentBuilder dump = found.get(0);
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) dump.facts.get("tasks");
        assertEquals(1, tasks.size());
        assertEquals("fsstress", tasks.get(0).get("comm"));
        assertEquals(9619, tasks.get(0).get("pid"));
        assertEquals("D", tasks.get(0).get("state"));
        assertEquals(1, dump.facts.get("blocked_tasks"));
        // Scheduling and waiting frames say nothing: the task waits in do_coredump.
        assertEquals("do_coredump", dump.guiltyFrame);
        assertEquals(15, dump.endLine);
    }

    @Test
    void modernTaskLinesNeedTheSysrqBanner() {
        // Task lines from syzkaller report 268 (rcu stall report prints the GP kthread like a dump entry):
        // without a SysRq banner they are not a task dump.
        String stall = String.join("\n",
                "[  328.855046] rcu: RCU grace-period kthread stack dump:",
                "[  328.860235] rcu_preempt     R  running task    22872    10      2 0x80000000",
                "[  328.867450] Call Trace:",
                "[  328.969038]  rcu_gp_kthread+0x9d9/0x2310");
        assertTrue(TestLogs.detect(new TaskDumpDetector(), TestLogs.records("s", stall)).isEmpty());
        assertEquals("rcu_preempt", TaskDumpDetector.parseTask("rcu_preempt     R  running task    22872    10      2 0x80000000", true)
                .get("comm"));
        // 5.x and 6.x task lines as printed in hung-task reports posted to LKML / syzbot
        Map<String, Object> modern = TaskDumpDetector.parseTask(
                "task:kworker/u4:0    state:D stack:0     pid:9     ppid:2      flags:0x00004000", true);
        assertEquals("kworker/u4:0", modern.get("comm"));
        assertEquals(9, modern.get("pid"));
        assertEquals("D", modern.get("state"));
        Map<String, Object> withTgid = TaskDumpDetector.parseTask(
                "task:syz.0.63        state:D stack:27872 pid:3967  tgid:3961  ppid:3214   flags:0x00004006", true);
        assertEquals(3967, withTgid.get("pid"));
    }

    @Test
    void aDumpPastedWithoutItsSysrqLineIsStillATaskDump() {
        Extraction e = EventTestLogs.extract("sysrq-w-headerless-f2fs.log", new TaskDumpDetector());
        assertEquals(1, e.incidents().size(), e.incidents()::toString);
        Incident d = e.incidents().get(0);
        assertEquals(IncidentKind.TASK_DUMP, d.kind());
        assertEquals(3, d.fact(Facts.TASK_COUNT), "blank lines between the tasks do not end the dump");
        assertEquals(3, d.fact(Facts.BLOCKED_TASKS));
        assertEquals(2, d.line());
        assertEquals(61, d.endLine());
    }

    @Test
    void theTaskLineOfOneHungTaskReportIsNoDump() {
        Extraction e = EventTestLogs.extract("hung-tasks-syzkaller-432.log", new TaskDumpDetector());
        assertEquals(0, e.incidents().size(), "each task line follows its \"INFO: task .. blocked\" header");
    }

    @Test
    void oneTaskLineAloneIsNoDump() {
        // RCU's "grace-period kthread stack dump:" prints one task line (5.x form, constructed)
        IncidentExtractor x = new IncidentExtractor(List.of(new TaskDumpDetector()));
        String[] log = {"bash            S    0  1234      1 0x00000000", "Call Trace:", " __schedule+0x2e1/0x730", "random: crng init done"};
        for (int n = 0; n < log.length; n++) {
            x.accept(EventTestLogs.parse("t", n + 1, log[n]));
        }
        assertEquals(0, x.finish().incidents().size());
    }
}
