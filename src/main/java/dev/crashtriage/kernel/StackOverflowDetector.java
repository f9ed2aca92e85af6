package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.function.Consumer;

/**
 * Finds kernel stack overflows that no crash report announces: the x86 do_IRQ checks ("do_IRQ: stack overflow: N",
 * "near stack overflow"), double faults on a blown stack and "Thread overran stack, or stack corrupted". Guard
 * page hits and the scheduler's stack-end check start full crash reports, which the crash-report detector owns.
 * Title: {@code kernel stack overflow: <which check fired>}; fact bytes_left where the kernel prints it.
 */
public final class StackOverflowDetector implements Detector {
    private final DumpFollower follower = new DumpFollower(2, 400);
    /** Line of the last "stack guard page was hit": the double-fault oops right after it belongs to that report. */
    private long guardPageLine = -10;

    @Override
    public void accept(LogRecord r, Consumer<IncidentBuilder> emit) {
        if (!r.kernel()) {
            return;
        }
        String t = r.text();
        String what = null;
        Long bytesLeft = null;
        if (t.indexOf("stack") >= 0) {
            int i;
            if ((i = t.indexOf("do_IRQ: stack overflow:")) >= 0) {
                what = "do_IRQ stack overflow";
                // i386 prints esp minus the thread_info size: the bytes still free, negative once overrun.
                int j = i + "do_IRQ: stack overflow:".length();
                while (j < t.length() && t.charAt(j) == ' ') {
                    j++;
                }
                boolean negative = j < t.length() && t.charAt(j) == '-';
                long n = TextScan.digitsAt(t, negative ? j + 1 : j);
                if (n >= 0) {
                    bytesLeft = negative ? -n : n;
                }
            } else if (t.indexOf("near stack overflow") >= 0) {
                what = "near stack overflow in IRQ";
            } else if (t.indexOf("stack guard page was hit") >= 0) {
                guardPageLine = r.line();
            } else if (t.indexOf("kernel stack overflow (double-fault)") >= 0) {
                if (r.line() - guardPageLine > 3) {
                    what = "kernel stack overflow (double-fault)";
                }
            } else if (t.indexOf("kernel stack overflow (page fault)") >= 0) {
                what = "kernel stack overflow (page fault)";
            } else if (t.indexOf("Thread overran stack, or stack corrupted") >= 0) {
                what = "thread overran stack, or stack corrupted";
            }
            // "BUG: stack guard page was hit" and "corrupted stack end detected inside scheduler" open full crash
            // reports with stacks: the crash-report detector owns them (one incident per report, syzkaller titles).
            // "stack-protector: Kernel stack is corrupted in: f" is a smashed canary (a buffer overrun inside
            // one frame), not an exhausted stack: the crash detector reports it as a panic.
        }
        if (what == null) {
            follower.offer(r, emit);
            return;
        }
        IncidentBuilder open = follower.current();
        if (open != null && RecordClock.near(open.lines.get(open.lines.size() - 1), r, 2, 50)) {
            // One overflow usually trips several checks in a row (guard page, then double fault): one incident.
            open.add(r);
            open.facts.putIfAbsent(Facts.BYTES_LEFT, bytesLeft);
            return;
        }
        IncidentBuilder b = new IncidentBuilder(IncidentKind.STACK_OVERFLOW, r);
        b.title = "kernel stack overflow: " + what;
        b.facts.put(Facts.BYTES_LEFT, bytesLeft);
        follower.start(b, r, emit);
    }

    @Override
    public void finish(Consumer<IncidentBuilder> emit) {
        follower.flush(emit);
    }
}
