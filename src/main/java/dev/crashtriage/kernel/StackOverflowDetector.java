package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.List;
import java.util.function.Consumer;

/**
 * Finds kernel stack overflows that no crash report announces: the x86 do_IRQ checks ("do_IRQ: stack overflow: N",
 * "near stack overflow"), double faults on a blown stack and "Thread overran stack, or stack corrupted". Guard
 * page hits and the scheduler's stack-end check start full crash reports, which the crash-report detector owns.
 * Title: {@code kernel stack overflow: <which check fired>}; fact bytes_left where the kernel prints it.
 */
public final class StackOverflowDetector implements Detector {
    /** In every line a check below reads. */
    private static final String STACK = "tack";
    private final DumpFollower follower = new DumpFollower(2, 400);
    /** Line of the last "stack guard page was hit": the double-fault oops right after it belongs to that report. */
    private long guardPageLine = -10;
    /** The open overflow came from handle_bad_stack(), whose panic follows after lines of other shapes. */
    private boolean awaitingPanic;

    @Override
    public void accept(LogRecord r, Consumer<IncidentBuilder> emit) {
        if (!r.kernel()) {
            return;
        }
        String t = r.text();
        String what = null;
        String check = null;
        String comm = null;
        Long bytesLeft = null;
        if (t.indexOf(STACK) >= 0) {
            int i;
            if ((i = t.indexOf("do_IRQ: stack overflow:")) >= 0) {
                what = "do_IRQ stack overflow";
                check = "do_IRQ";
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
            } else if ((i = t.indexOf(" has overflown the kernel stack")) >= 0 && t.indexOf("do_IRQ(): ") >= 0) {
                // x86_64 arch/x86/kernel/irq_64.c stack_overflow_check(): WARN_ONCE("do_IRQ(): %s has overflown ..")
                what = "do_IRQ: kernel stack overflown";
                check = "do_IRQ";
                int start = t.indexOf("do_IRQ(): ") + "do_IRQ(): ".length();
                comm = start < i ? t.substring(start, i) : null;
            } else if (t.indexOf("low stack detected by irq handler") >= 0) {
                // i386 print_stack_overflow() (KERN_WARNING, then dump_stack), and the panic both x86 flavours
                // raise with panic_on_stackoverflow: "low stack detected by irq handler - check messages"
                what = "low stack detected by irq handler";
                check = "irq handler low stack";
            } else if ((i = t.indexOf(" will most likely overflow ")) >= 0 && t.startsWith("stackcheck: ")) {
                // parisc arch/parisc/kernel/irq.c stack_overflow_check()
                what = "stackcheck: will most likely overflow " + (t.indexOf("irq stack", i) >= 0 ? "irq stack" : "kernel stack");
                check = "stackcheck";
                comm = t.substring("stackcheck: ".length(), i);
            } else if (t.indexOf("Insufficient stack space to handle exception!") >= 0) {
                // arm64 and riscv handle_bad_stack(), followed by panic("kernel stack overflow")
                what = "insufficient stack space to handle exception";
                check = "handle_bad_stack";
            } else if ((i = t.indexOf("Kernel stack overflow in process ")) >= 0) {
                // powerpc StackOverflow(): "Kernel stack overflow in process %s[%d], r1=%lx"
                what = "kernel stack overflow (powerpc)";
                check = "powerpc StackOverflow";
                int start = i + "Kernel stack overflow in process ".length();
                int br = t.indexOf('[', start);
                comm = br > start ? t.substring(start, br) : null;
            } else if (t.indexOf("near stack overflow") >= 0) {
                what = "near stack overflow in IRQ";
                check = "do_IRQ";
            } else if (t.indexOf("stack guard page was hit") >= 0) {
                guardPageLine = r.line();
            } else if (t.indexOf("kernel stack overflow (double-fault)") >= 0) {
                if (r.line() - guardPageLine > 3) {
                    what = "kernel stack overflow (double-fault)";
                    check = "double fault";
                }
            } else if (t.indexOf("kernel stack overflow (page fault)") >= 0) {
                what = "kernel stack overflow (page fault)";
                check = "page fault";
            } else if (t.indexOf("Thread overran stack, or stack corrupted") >= 0) {
                what = "thread overran stack, or stack corrupted";
                check = "scheduler";
            } else if (isBareOverflowPanic(t)) {
                // panic("Kernel stack overflow") (riscv) / panic("kernel stack overflow") (arm64, powerpc)
                what = "kernel stack overflow (panic)";
                check = "panic";
            }
            // "BUG: stack guard page was hit" and "corrupted stack end detected inside scheduler" open full crash
            // reports with stacks: the crash-report detector owns them (one incident per report, syzkaller titles).
            // "stack-protector: Kernel stack is corrupted in: f" is a smashed canary (a buffer overrun inside
            // one frame), not an exhausted stack: the crash detector reports it as a panic.
        }
        if (what == null) {
            IncidentBuilder held = follower.current();
            if (awaitingPanic && held != null && RecordClock.near(held.lines.get(held.lines.size() - 1), r, 2, 60)) {
                // handle_bad_stack() prints the stacks' ranges and registers in its own shapes, then panics
                held.add(r);
                follower.extend(r);
                return;
            }
            awaitingPanic = false;
            follower.offer(r, emit);
            return;
        }
        awaitingPanic = "handle_bad_stack".equals(check);
        IncidentBuilder open = follower.current();
        if (open != null && RecordClock.near(open.lines.get(open.lines.size() - 1), r, 2, 50)) {
            // One overflow usually trips several checks in a row (guard page, then double fault): one incident.
            open.add(r);
            open.facts.putIfAbsent(Facts.BYTES_LEFT, bytesLeft);
            if (open.comm == null) {
                open.comm = comm;
            }
            follower.extend(r);
            return;
        }
        IncidentBuilder b = new IncidentBuilder(IncidentKind.STACK_OVERFLOW, r);
        b.title = "kernel stack overflow: " + what;
        b.comm = comm;
        b.facts.put(Facts.BYTES_LEFT, bytesLeft);
        b.facts.put(Facts.CHECK, check);
        follower.start(b, r, emit);
    }

    /** Every check above reads a line holding "tack"; other lines only feed the dump being followed. */
    @Override
    public List<String> wakeLiterals() {
        return List.of(STACK);
    }

    @Override
    public boolean holdsOpenState() {
        return awaitingPanic || follower.current() != null;
    }

    /** "Kernel panic - not syncing: Kernel stack overflow" and the bare panic text, any case, nothing after it. */
    private static boolean isBareOverflowPanic(String t) {
        int i = t.indexOf("ernel stack overflow");
        if (i < 1 || (t.charAt(i - 1) != 'K' && t.charAt(i - 1) != 'k')) {
            return false;
        }
        String rest = t.substring(i + "ernel stack overflow".length()).strip();
        return rest.isEmpty() || rest.equals("!");
    }

    @Override
    public void finish(Consumer<IncidentBuilder> emit) {
        follower.flush(emit);
    }
}
