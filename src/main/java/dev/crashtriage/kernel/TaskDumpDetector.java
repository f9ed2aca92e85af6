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

    /** What the SysRq banner's title says ("Show State", "Show Blocked State"): isBanner() needs one. */
    private static final String[] BANNER_TITLES = {"Show State", "Show Blocked State"};
    /** The end of sched_show_task()'s column header ("task   PC stack   pid father"). */
    private static final String COLUMN_HEADER_END = "pid father";
    /** Reports that print one task line of their own (khungtaskd, RCU stalls, syzkaller's "echo 0" hint). */
    private static final String[] REPORT_HEADERS = {"INFO: task ", "rcu", "\"echo 0"};
    /** How a 2.4 task line ends. */
    private static final String[] TLB_ENDINGS = {"(NOTLB)", "(L-TLB)"};
    /** The modern task line's "state:" field, after "task:<comm>". */
    private static final String MODERN_STATE = " state:";
    /** The flags token that ends a 2.6-5.x task line: a blank, then "0x". */
    private static final String FLAGS_TOKEN = " 0x";

    private static final int MAX_TASKS = 2000;
    private static final int MAX_FRAMES_PER_TASK = 64;
    private static final double MAX_SILENCE_SECONDS = 10;

    private IncidentBuilder dump;
    /**
     * The dump was opened by a task line without the "SysRq : Show .." banner (pasted without it): it counts only
     * once a second task line follows, so one task line of another report is not a dump.
     */
    private boolean headerless;
    /** A blank line came inside the dump: only a task line may continue it. */
    private boolean blankSeen;
    /** Line of the last hung-task or stall header: the task line right after one belongs to that report. */
    private long reportHeaderLine = -100;
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
        if (isColumnHeader(t)) {
            // sched_show_task()'s column header, printed once under the SysRq banner: a dump even without it
            if (dump == null) {
                dump = new IncidentBuilder(IncidentKind.TASK_DUMP, record);
                headerless = false;
            } else {
                dump.add(record);
            }
            touch(record);
            return;
        }
        if (dump != null && headerless && t.isBlank()) {
            blankSeen = true; // pasted dumps put blank lines between tasks: the next line decides
            return;
        }
        if (dump == null && !t.isEmpty() && (t.charAt(0) == 'I' || t.charAt(0) == 'r' || t.charAt(0) == '"')
                && startsWithAny(t, REPORT_HEADERS)) {
            // khungtaskd's "INFO: task X:pid blocked for more than N seconds." and RCU's "kthread starved" /
            // "grace-period kthread stack dump:" each print one task line of their own
            reportHeaderLine = record.line();
        }
        boolean candidate = dump == null && record.line() - reportHeaderLine > 4 && looksLikeTaskLine(t);
        Map<String, Object> task = parseTask(t, dump != null || candidate);
        if (task != null) {
            if (dump == null) {
                dump = new IncidentBuilder(IncidentKind.TASK_DUMP, record);
                headerless = !endsLike24(t);
            } else {
                dump.add(record);
            }
            touch(record);
            blankSeen = false;
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
        if (belongsToTask(t) && !blankSeen) {
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

    /**
     * Idle (no dump open), a line changes nothing unless it holds one of the markers the checks in accept() need: a
     * banner title, the column header's end, a report header that owns the next task line, or a task line's own
     * marker (2.4 ending, modern "state:", the 2.6-5.x flags token).
     */
    @Override
    public List<String> wakeLiterals() {
        List<String> wake = new ArrayList<>(List.of(BANNER_TITLES));
        wake.add(COLUMN_HEADER_END);
        wake.addAll(List.of(REPORT_HEADERS));
        wake.addAll(List.of(TLB_ENDINGS));
        wake.add(MODERN_STATE);
        wake.add(FLAGS_TOKEN);
        return List.copyOf(wake);
    }

    @Override
    public boolean holdsOpenState() {
        return dump != null;
    }

    @Override
    public void finish(Consumer<IncidentBuilder> emit) {
        if (dump == null) {
            return;
        }
        if (!tasks.isEmpty() && !(headerless && tasks.size() + droppedTasks < 2)) {
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
            java.util.LinkedHashSet<String> devices = new java.util.LinkedHashSet<>();
            for (Map<String, Object> task : tasks) {
                String d = DeviceNames.ofTask((String) task.get("comm"));
                if (d != null && devices.size() < 16) {
                    devices.add(d);
                }
            }
            if (!devices.isEmpty()) {
                dump.facts.put(Facts.DEVICES, List.copyOf(devices));
            }
            String common = votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            dump.guiltyFrame = common;
            dump.title = "task dump: " + (tasks.size() + droppedTasks) + " tasks, " + blocked + " blocked"
                    + (common == null ? "" : " in " + common);
            emit.accept(dump);
        }
        dump = null;
        headerless = false;
        blankSeen = false;
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
                && (t.contains(BANNER_TITLES[0]) || t.contains(BANNER_TITLES[1]));
    }

    /** "  task                        PC stack   pid father" (2.6-5.x show_state_filter()), any indentation. */
    private static boolean isColumnHeader(String t) {
        int s = TextScan.skipBlanks(t);
        return t.startsWith("task ", s) && t.indexOf("PC stack") > 0 && t.endsWith(COLUMN_HEADER_END);
    }

    /** Cheap shape test before the task-line patterns: "task:..", or a last token "0x<hex>" (2.6-5.x). */
    private static boolean looksLikeTaskLine(String t) {
        if (t.isEmpty() || t.charAt(0) == ' ' || t.charAt(0) == '\t') {
            return false;
        }
        if (t.startsWith("task:")) {
            return t.indexOf(MODERN_STATE) > 0;
        }
        int sp = t.lastIndexOf(' ', t.length() - 2);
        if (sp < 0 || !t.startsWith(FLAGS_TOKEN, sp)) {
            return false;
        }
        for (int i = sp + 3; i < t.length(); i++) {
            if (Character.digit(t.charAt(i), 16) < 0 && t.charAt(i) != ' ') {
                return false;
            }
        }
        return true;
    }

    /** A task header line; 2.6-5.x and modern forms only inside a dump (hung-task and stall reports print them too). */
    static Map<String, Object> parseTask(String t, boolean inDump) {
        if (t.isEmpty() || t.charAt(0) == ' ' || t.charAt(0) == '\t') {
            return null;
        }
        Matcher m;
        if (endsLike24(t)) {
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

    /** A 2.4 task line's ending, with or without one trailing blank. */
    private static boolean endsLike24(String t) {
        String s = t.endsWith(" ") ? t.substring(0, t.length() - 1) : t;
        return s.endsWith(TLB_ENDINGS[0]) || s.endsWith(TLB_ENDINGS[1]);
    }

    private static boolean startsWithAny(String t, String[] prefixes) {
        for (String p : prefixes) {
            if (t.startsWith(p)) {
                return true;
            }
        }
        return false;
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
