package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Folds the hung-task reports khungtaskd prints in one pass ("INFO: task X:pid blocked for more than N seconds",
 * one per task, up to hung_task_warnings of them, printed back to back) into one episode: one incident with the
 * first report's title and stack, and facts naming every task (tasks, task_count, blocked_tasks). Reports more than
 * {@value #GAP_SECONDS} s apart (the next check, one timeout later) start a new episode.
 */
final class HungTaskEpisodes {
    static final double GAP_SECONDS = 10;
    /** Longer than khungtaskd's default 120 s check interval. */
    private static final double HOLD_SECONDS = 150;
    private static final int GAP_LINES = 400;
    private static final int MAX_TASKS = 2000;
    private static final int MAX_FRAMES_PER_TASK = 64;

    private IncidentBuilder open;
    private LogRecord last;
    private final List<Map<String, Object>> tasks = new ArrayList<>();
    private final java.util.LinkedHashSet<String> devices = new java.util.LinkedHashSet<>();
    private int droppedTasks;

    /** Takes a closed incident: hung-task reports are held to join an episode, everything else passes through. */
    void offer(IncidentBuilder b, Consumer<IncidentBuilder> out) {
        if (b.kind != IncidentKind.HUNG_TASK || b.lines.isEmpty()) {
            out.accept(b);
            return;
        }
        LogRecord first = b.lines.get(0);
        if (open != null && RecordClock.near(last, first, GAP_SECONDS, GAP_LINES)) {
            for (LogRecord r : b.lines) {
                open.add(r);
            }
            open.endLine = Math.max(open.endLine, b.endLine);
            open.droppedLines += b.droppedLines;
            addTask(b);
            last = b.lines.get(b.lines.size() - 1);
            return;
        }
        flush(out);
        open = b;
        last = b.lines.get(b.lines.size() - 1);
        addTask(b);
    }

    /**
     * A record went by: an episode quiet for {@value #HOLD_SECONDS} s is complete. Not sooner: the crash detector may
     * still hold the next task's report (closed only by a later line), whose first line is what joins the episode.
     */
    void tick(LogRecord r, Consumer<IncidentBuilder> out) {
        if (open != null && r.hasMonoTime() && last.hasMonoTime() && r.monoTime() - last.monoTime() > HOLD_SECONDS) {
            flush(out);
        }
    }

    void flush(Consumer<IncidentBuilder> out) {
        if (open == null) {
            return;
        }
        open.facts.put(Facts.TASKS, List.copyOf(tasks));
        open.facts.put(Facts.TASK_COUNT, tasks.size() + droppedTasks);
        open.facts.put(Facts.BLOCKED_TASKS, tasks.size() + droppedTasks);
        if (!devices.isEmpty()) {
            open.facts.put(Facts.DEVICES, List.copyOf(devices));
        }
        out.accept(open);
        open = null;
        last = null;
        tasks.clear();
        devices.clear();
        droppedTasks = 0;
    }

    private void addTask(IncidentBuilder b) {
        if (tasks.size() >= MAX_TASKS) {
            droppedTasks++;
            return;
        }
        String device = DeviceNames.ofTask(b.comm);
        if (device != null && devices.size() < 16) {
            devices.add(device); // jbd2/sda2-8 waits on sda2: the hang is bound to that disk
        }
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("comm", b.comm);
        task.put("pid", b.pid);
        task.put("state", "D"); // khungtaskd reports tasks in uninterruptible sleep
        Integer blocked = b.facts.get(Facts.BLOCKED_SECONDS);
        if (blocked != null) {
            task.put("blocked_seconds", blocked);
        }
        List<String> frames = new ArrayList<>();
        for (Frame f : b.frames) {
            if (f.reliable() && f.function() != null && frames.size() < MAX_FRAMES_PER_TASK) {
                frames.add(f.function());
            }
        }
        task.put("frames", List.copyOf(frames));
        tasks.add(task);
    }
}
