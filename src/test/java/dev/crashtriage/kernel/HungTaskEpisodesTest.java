package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One khungtaskd pass is one hung-task episode: a count and the list of tasks, the first report's title. */
class HungTaskEpisodesTest {

    @Test
    void eightReportsOfOnePassAreOneIncident() {
        Extraction e = EventTestLogs.extractAll("hung-tasks-syzkaller-432.log");
        List<Incident> hung = EventTestLogs.ofKind(e, IncidentKind.HUNG_TASK);
        assertEquals(1, hung.size(), hung::toString);
        Incident i = hung.get(0);
        assertEquals("INFO: task hung in synchronize_rcu", i.title(), "the first task's report names the episode");
        assertEquals(8, i.fact(Facts.TASK_COUNT));
        assertEquals(8, i.fact(Facts.BLOCKED_TASKS));
        List<Map<String, Object>> tasks = i.fact(Facts.TASKS);
        assertEquals(List.of("kworker/u4:5", "syz-executor.3", "syz-executor.1", "syz-executor.1", "syz-executor.4",
                "syz-executor.4", "syz-executor.5", "syz-executor.5"), tasks.stream().map(t -> t.get("comm")).toList());
        assertEquals(1217, tasks.get(1).get("pid"));
        assertEquals(143, tasks.get(1).get("blocked_seconds"));
        assertTrue(((List<?>) tasks.get(1).get("frames")).contains("rtnl_lock"), tasks.get(1)::toString);
        assertEquals(2, i.line());
        assertTrue(i.endLine() >= 189, "through the eighth report");
        assertEquals(1, EventTestLogs.ofKind(e, IncidentKind.PANIC).size(), "the hung_task panic stays its own incident");
        String summary = EpisodeSummary.of(i);
        assertTrue(summary.startsWith("8 hung tasks in one khungtaskd pass: kworker/u4:5 (9381), syz-executor.3 (1217)"), summary);
    }

    @Test
    void theNextCheckOneTimeoutLaterIsANewEpisode() {
        // constructed from the same log: the first two reports, then the same two again 120 s later (the next check)
        List<LogRecord> first = new ArrayList<>();
        for (LogRecord r : EventTestLogs.read("hung-tasks-syzkaller-432.log")) {
            if (r.line() >= 2 && r.line() < 49) {
                first.add(r);
            }
        }
        IncidentExtractor x = new IncidentExtractor();
        long n = 0;
        for (double shift : new double[] {0, 120}) {
            for (LogRecord r : first) {
                x.accept(new LogRecord("t", ++n, null, r.monoTime() + shift, null, -1, r.callerId(), "kernel", true, r.text()));
            }
        }
        List<Incident> hung = EventTestLogs.ofKind(x.finish(), IncidentKind.HUNG_TASK);
        assertEquals(2, hung.size(), hung::toString);
        assertEquals(2, hung.get(0).fact(Facts.TASK_COUNT));
        assertEquals(2, hung.get(1).fact(Facts.TASK_COUNT));
    }

    @Test
    void aSingleHungTaskIsNotCalledAnEpisode() {
        Extraction e = EventTestLogs.extractAll("hung-tasks-syzkaller-432.log");
        Incident panic = EventTestLogs.ofKind(e, IncidentKind.PANIC).get(0);
        assertNull(EpisodeSummary.of(panic));
    }
}
