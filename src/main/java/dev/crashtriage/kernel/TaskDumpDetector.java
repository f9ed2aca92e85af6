package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds SysRq-T/W task dumps ("Show State", "Show Blocked State") and turns each into one
 * {@code task-dump} incident whose facts list every task with its state and stack.
 *
 * <p>Task lines of every era: 2.4 {@code mutt  D 00000292  0 14627 24890  (NOTLB)}, 2.6-5.x
 * {@code bash  S ffff88003d9a3e58  0  1234  1 0x00000000} (the state may be glued to the stack
 * size: {@code I23480}), and 5.x+ {@code task:bash state:D stack:0 pid:1234 ppid:1 flags:0x00004000}.
 * A dump starts at the SysRq banner, or at a 2.4 task line (those are unambiguous), and ends at
 * the first line that is neither a task line nor part of a task's stack.
 */
public final class TaskDumpDetector implements Detector {

    private static final Pattern TASK_24 = Pattern.compile(
            "^(\\S+)\\s+([RSDTZXWIKP])\\s+(?:[0-9A-Fa-f]{8,16}|current)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\b.*\\((?:NOTLB|L-TLB)\\)\\s*$");
    private static final Pattern TASK_26 = Pattern.compile(
            "^(\\S+)\\s+([RSDTZXWIKP])\\s*(?:running task\\s+|[0-9a-f]{8,16}\\s+|\\s)?\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+0x[0-9a-f]+\\s*$");
    private static final Pattern TASK_MODERN = Pattern.compile(
            "^task:(\\S+(?: \\S+)*?)\\s+state:([A-Z])\\s+stack:\\s*(\\d+)\\s+pid:\\s*(\\d+)(?:\\s+tgid:\\s*\\d+)?(?:\\s+ppid:\\s*(\\d+))?");

    private static final int MAX_TASKS = 2000;
    private static final int MAX_FRAMES_PER_TASK = 64;
    private static final double MAX_SILENCE_SECONDS = 10;

    private IncidentBuilder dump;
    private final List<Map<String, Object>> tasks = new ArrayList<>();
    private List<String> currentFrames;
    private double lastTime = Double.NaN;
    private int droppedTasks;

    @Override
    public void accept(LogRecord record, Consumer<IncidentBuilder> emit) {
        if (!record.kernel() && record.program() != null) {
            return;
        }
        String t = record.text();
        if (dump != null && record.hasMonoTime() && !Double.isNaN(lastTime) && record.monoTime() - lastTime > MAX_SILENCE_SECONDS) {
            finish(emit);
        }
        if (isBanner(t)) {
            finish(emit);
            dump = new IncidentBuilder(IncidentKind.TASK_DUMP, record);
            touch(record);
            return;
        }
        Map<String, Object> task = parseTask(t, dump != null);
        if (task != null) {
            if (dump == null) {
                dump = new IncidentBuilder(IncidentKind.TASK_DUMP, record);
            } else {
                dump.add(record);
            }
            touch(record);
            if (tasks.size() < MAX_TASKS) {
                tasks.add(task);
                currentFrames = new ArrayList<>();
                task.put("frames", currentFrames);
            } else {
                droppedTasks++;
                currentFrames = null;
            }
            return;
        }
        if (dump == null) {
            return;
        }
        if (belongsToTask(t)) {
            dump.add(record);
            touch(record);
            for (Frame f : FrameParser.parse(t, null)) {
                dump.addFrame(f);
                if (currentFrames != null && currentFrames.size() < MAX_FRAMES_PER_TASK && f.reliable()) {
                    currentFrames.add(f.function());
                }
            }
            return;
        }
        finish(emit);
    }

    @Override
    public void finish(Consumer<IncidentBuilder> emit) {
        if (dump == null) {
            return;
        }
        if (!tasks.isEmpty()) {
            int blocked = 0;
            Map<String, Integer> votes = new HashMap<>();
            for (Map<String, Object> task : tasks) {
                if ("D".equals(task.get("state"))) {
                    blocked++;
                    @SuppressWarnings("unchecked")
                    List<String> frames = (List<String>) task.get("frames");
                    String blame = blame(frames);
                    if (blame != null) {
                        votes.merge(blame, 1, Integer::sum);
                    }
                }
            }
            dump.facts.put(Facts.TASKS, List.copyOf(tasks));
            dump.facts.put(Facts.TASK_COUNT, tasks.size() + droppedTasks);
            dump.facts.put(Facts.BLOCKED_TASKS, blocked);
            String common = votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            dump.guiltyFrame = common;
            dump.title = "task dump: " + (tasks.size() + droppedTasks) + " tasks, " + blocked + " blocked"
                    + (common == null ? "" : " in " + common);
            emit.accept(dump);
        }
        dump = null;
        tasks.clear();
        currentFrames = null;
        droppedTasks = 0;
        lastTime = Double.NaN;
    }

    private void touch(LogRecord r) {
        if (r.hasMonoTime()) {
            lastTime = r.monoTime();
        }
    }

    private static boolean isBanner(String t) {
        return (t.startsWith("SysRq : Show") || t.startsWith("sysrq: Show") || t.startsWith("SysRq: Show")
                || t.startsWith("sysrq: SysRq : Show"))
                && (t.contains("Show State") || t.contains("Show Blocked State"));
    }

    /** A task header line; 2.6-5.x and modern forms only inside a dump (hung-task and stall reports print them too). */
    static Map<String, Object> parseTask(String t, boolean inDump) {
        if (t.isEmpty() || t.charAt(0) == ' ' || t.charAt(0) == '\t') {
            return null;
        }
        Matcher m;
        if (t.endsWith("(NOTLB)") || t.endsWith("(L-TLB)") || t.endsWith("(NOTLB) ") || t.endsWith("(L-TLB) ")) {
            m = TASK_24.matcher(t);
            if (m.lookingAt()) {
                return task(m.group(1), m.group(2), m.group(4));
            }
        }
        if (!inDump) {
            return null;
        }
        if (t.startsWith("task:")) {
            m = TASK_MODERN.matcher(t);
            if (m.lookingAt()) {
                return task(m.group(1), m.group(2), m.group(4));
            }
            return null;
        }
        m = TASK_26.matcher(t);
        if (m.lookingAt()) {
            return task(m.group(1), m.group(2), m.group(4));
        }
        return null;
    }

    private static Map<String, Object> task(String comm, String state, String pid) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("comm", comm);
        task.put("pid", Integer.valueOf(pid));
        task.put("state", state);
        return task;
    }

    /** Lines printed as part of one task's entry: its stack, registers, section markers. */
    private static boolean belongsToTask(String t) {
        if (t.isEmpty()) {
            return false;
        }
        char c = t.charAt(0);
        if (c == ' ' || c == '\t' || c == '[' || c == '<' || c == '(') {
            return true;
        }
        return t.startsWith("Call Trace") || t.startsWith("Call trace") || t.startsWith("RIP:") || t.startsWith("RSP:")
                || t.startsWith("RAX:") || t.startsWith("RDX:") || t.startsWith("RBP:") || t.startsWith("R10:") || t.startsWith("R13:")
                || t.startsWith("Code:") || t.startsWith("Workqueue:") || t.startsWith("Backtrace:") || t.startsWith("Stack:")
                || t.startsWith("---") || t.startsWith("CPU:") || t.startsWith("Hardware name");
    }

    /** The first frame that says what a blocked task waits in: not scheduling, waiting or locking machinery. */
    private static String blame(List<String> frames) {
        outer:
        for (String f : frames) {
            String name = FrameParser.baseName(f);
            for (String s : new String[] {"sched", "__down", "down_", "wait", "_lock", "lock_", "mutex", "rwsem", "completion",
                "context_switch", "__switch_to", "io_schedule", "sleep_on", "kthread", "ret_from_fork", "system_call", "entry_"}) {
                if (name.contains(s)) {
                    continue outer;
                }
            }
            if (name.startsWith("__down") || name.startsWith(".text.lock")) {
                continue;
            }
            return name;
        }
        return null;
    }
}
