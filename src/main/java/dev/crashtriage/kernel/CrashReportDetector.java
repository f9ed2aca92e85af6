package dev.crashtriage.kernel;

import dev.crashtriage.input.LiteralScreen;
import dev.crashtriage.input.LogRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds crash reports (oops, BUG, WARNING, panic, lockups, stalls, hung tasks, lockdep, sanitizer
 * reports...) and their extent, and titles them the syzkaller way.
 *
 * <p>A report starts at a header line and takes the following lines of the same printk context
 * (caller id {@code T123}/{@code C2} when printed, so one task's lines are pulled out of
 * interleaved output) until its end marker, the next report of that context, a long silence or
 * the end of the log. A panic that follows a report ("Kernel panic - not syncing: Fatal
 * exception") is part of it, not a new incident.
 */
public final class CrashReportDetector implements Detector {

    /** Reports are printed in one burst: a pause longer than this (kernel seconds) ends one. */
    private static final double MAX_SILENCE_SECONDS = 30;
    /** Lines after the end marker in which a following panic is still taken as part of the report. */
    private static final int TRAILER_LINES = 12;
    private static final int MAX_REPORT_LINES = 1000;
    /** A report whose last line is at most this many lines back is still being printed. */
    private static final int INTERLEAVE_DISTANCE = 3;
    /** Reports open at once (one per printk context). */
    private static final int MAX_OPEN_REPORTS = 64;
    /** After its stack, a report is over once this many lines in a row hold no frame (registers, Code: and such are fewer). */
    private static final int MAX_LINES_AFTER_STACK = 40;
    /** Before any stack (lockdep chains, KASAN shadow dumps, sanitizer preambles) reports run longer. */
    private static final int MAX_LINES_WITHOUT_STACK = 200;
    /** One-line reports ("unregister_netdevice: waiting for lo to become free") keep only a few following lines. */
    private static final int MAX_LINES_ONE_LINER = 8;
    /** The marker __warn() and BUG() print before a report ("------------[ cut here ]------------"). */
    private static final String CUT_HERE = "[ cut here ]";
    /** Lines of lookback for a "cut here" marker that opens the next report. */
    private static final int CUT_HERE_WINDOW = 3;

    private static final Pattern CPU_PID = Pattern.compile(
            "CPU: (\\d+) (?:UID: \\d+ )?PID: (\\d+) Comm: (\\S+?)(?:\\s+(?:Not tainted|Tainted: ([A-Z ]*?)))?(?:\\s+\\d|\\s+#|\\s*$)");
    private static final Pattern OLD_PROCESS = Pattern.compile("Process (\\S+) \\(pid: (\\d+),");
    private static final Pattern SOFT_LOCKUP = Pattern.compile("soft lockup - CPU#(\\d+) stuck for (\\d+)s!(?: \\[(.+):(\\d+)\\])?");
    private static final Pattern HARD_LOCKUP = Pattern.compile("hard LOCKUP on cpu (\\d+)");
    private static final Pattern HUNG = Pattern.compile("INFO: task (.+):(\\d+) (?:blocked.*? for more than|can't die for more than) (\\d+) seconds");
    private static final Pattern STALL_JIFFIES = Pattern.compile("\\bt=(\\d+) jiffies|(\\d+) jiffies s:");
    private static final Pattern STALL_SECONDS = Pattern.compile("stall(?:ed)? (?:for|of) (\\d+) s(?:econds)?\\b");
    private static final Pattern STALL_CPU_LINE = Pattern.compile("^(?:rcu: )?\\s*\\d+-\\.{3}|^(?:rcu: )?\\s*\\d+-[.!OoDNn0-9]+:");
    private static final Pattern STALL_BRACES = Pattern.compile("\\{ ?([0-9 \\-]+)\\s?\\}");

    /** One report being read, per printk context. */
    private static final class Open {
        final IncidentBuilder b;
        final String context;
        final List<String> titleLines = new ArrayList<>();
        String section;
        boolean stackSeen;
        /** Taint flags "Modules linked in:" printed after each module ("zfs(PO)": "PO"), by module name. */
        final Map<String, String> moduleFlags = new HashMap<>();
        /** Lines since the last stack frame, section marker or header: a report ends in a run of foreign lines. */
        int sinceFrame;
        final boolean oneLiner;
        boolean ended;
        boolean cpuTraceback;
        /** Inside another CPU's "NMI backtrace for cpu N": its frames are a bystander's, not this report's stack. */
        boolean otherCpu;
        int trailer;
        double lastTime = Double.NaN;
        long lastLine;
        /** Set when another stack printer's output got mixed in without caller ids: later lines no longer feed the title. */
        boolean titleCut;
        /** Earlier reports of this context cut short by this one: they still read its lines for their title. */
        final List<Open> glued = new ArrayList<>(1);

        /** False for reports that legitimately come without a stack (one-liners, lockdep summaries...). */
        boolean expectsStack = true;
        /** Opened by a body line at the very start of the log: the header scrolled off or was not captured. */
        boolean headless;

        Open(IncidentBuilder b, String context, boolean oneLiner) {
            this.b = b;
            this.context = context;
            this.oneLiner = oneLiner;
        }
    }

    private final Map<String, Open> open = new LinkedHashMap<>();
    /** Recent "cut here" lines per context, to start the next report at the marker. */
    private final Map<String, LogRecord> cutHere = new LinkedHashMap<>();
    private final Map<String, Integer> sinceCutHere = new LinkedHashMap<>();

    @Override
    public void accept(LogRecord record, Consumer<IncidentBuilder> emit) {
        if (held != null) {
            LogRecord first = held;
            held = null;
            boolean firstStamped = first.hasMonoTime() && !Double.isNaN(first.monoTime());
            String joined = record.hasMonoTime() && firstStamped ? null
                    : firstStamped ? RewrappedLines.joinAfterStamp(first.text(), record.text())
                    : RewrappedLines.join(first.text(), record.text());
            if (joined != null) {
                // A mail client or terminal wrapped one printk line in two: read it as the line it was.
                rejoined = first.withText(joined);
                acceptOne(rejoined, emit);
                return;
            }
            acceptOne(first, emit);
        }
        if (record.kernel() && RewrappedLines.mayBeCut(record.text())) {
            held = record;
            return;
        }
        acceptOne(record, emit);
    }

    /** A line that may be the first half of a re-wrapped one, held until the next line says. */
    private LogRecord held;
    /** The last line rejoined from two: the report it lands in says the log was re-wrapped. */
    private LogRecord rejoined;

    private void acceptOne(LogRecord record, Consumer<IncidentBuilder> emit) {
        if (!record.kernel() && record.program() != null) {
            // A user-space program's syslog line ("sshd: WARNING: ...") is never part of a kernel report.
            return;
        }
        String text = record.text();
        String ctx = contextOf(record);
        boolean firstLine = atStart && !text.isBlank();
        atStart &= !firstLine;
        CrashFormat header = maybeHeader(text) ? CrashTitler.headerFormat(text) : null;

        Open cur = ownerOf(ctx, text);
        if (cur != null && record.hasMonoTime() && !Double.isNaN(cur.lastTime)
                && (record.monoTime() - cur.lastTime > MAX_SILENCE_SECONDS || record.monoTime() < cur.lastTime - 1)) {
            // Reports are printed in one burst: a long pause in this context, or time going back (a reboot), ends it.
            close(open.remove(cur.context), emit,
                    cur.stackSeen || cur.ended || !cur.expectsStack ? null : "the report stops before its stack (report cut)");
            cur = null;
        }
        if (header != null) {
            if (cur != null && continues(cur, header, text)) {
                append(cur, record);
                return;
            }
            Open gluedTo = null;
            if (cur != null) {
                open.remove(cur.context);
                if (cur.stackSeen && !cur.ended && isSanitizer(cur.b.kind)) {
                    // Sanitizer reports end with a "=====" line: another report before it was printed inside this one.
                    close(cur, emit, "another report started before this one's end marker (reports nested)");
                } else if (cur.stackSeen || cur.ended || !cur.expectsStack) {
                    close(cur, emit, null);
                } else if (cur.context.equals("console") || cur.context.equals("other")) {
                    // Without caller ids the next report's lines cannot be told from this one's: title it as it stands.
                    close(cur, emit, "the next report started before this one's stack (reports glued together)");
                } else {
                    cur.b.markCorrupted("the next report started before this one's stack (reports glued together)");
                    gluedTo = cur;
                }
            }
            for (Open other : open.values()) {
                // Only a report still being printed is interleaved; one that went quiet is merely not closed yet.
                // With caller ids ([T123], [C1]) each report's lines are told apart: interleaving garbles nothing.
                boolean separable = ctx.startsWith("T") && other.context.startsWith("T");
                if (!other.ended && !separable && record.line() - other.lastLine <= INTERLEAVE_DISTANCE) {
                    other.b.markCorrupted("another report started on " + ctx + " while this one was printed (interleaved)");
                }
            }
            Open started = start(record, ctx, header, emit);
            if (gluedTo != null) {
                started.glued.add(gluedTo);
                started.glued.addAll(gluedTo.glued);
                gluedTo.glued.clear();
                gluedTo.titleLines.add(text);
            }
            return;
        }
        if (text.contains(CUT_HERE)) {
            cutHere.put(ctx, record);
            sinceCutHere.put(ctx, 0);
        } else if (!cutHere.isEmpty() && sinceCutHere.containsKey(ctx)) {
            int n = sinceCutHere.merge(ctx, 1, Integer::sum);
            if (n > CUT_HERE_WINDOW) {
                cutHere.remove(ctx);
                sinceCutHere.remove(ctx);
            }
        }
        if (cur == null) {
            if (firstLine && record.kernel() && startsReportBody(text)) {
                startHeadless(record, ctx);
            }
            return;
        }
        if (cur.ended) {
            if (cur.trailer++ < TRAILER_LINES && isPanicTrailer(text)) {
                append(cur, record);
                if (text.contains("---[ end Kernel panic")) {
                    close(open.remove(cur.context), emit, null);
                }
                return;
            }
            if (cur.trailer > TRAILER_LINES) {
                close(open.remove(cur.context), emit, null);
            }
            return;
        }
        int limit = cur.oneLiner ? MAX_LINES_ONE_LINER : cur.stackSeen ? MAX_LINES_AFTER_STACK : MAX_LINES_WITHOUT_STACK;
        if (cur.sinceFrame >= limit && !text.contains("---[ end")) {
            // A long run of lines without a frame: the report is over and these lines are someone else's.
            close(open.remove(cur.context), emit, null);
            return;
        }
        append(cur, record);
        if (text.contains("---[ end trace") || text.contains("---[ end Kernel panic")) {
            cur.ended = true;
            if (text.contains("---[ end Kernel panic")) {
                close(open.remove(cur.context), emit, null);
            }
        } else if (cur.titleLines.size() > 3 && text.startsWith("=========") && isSanitizer(cur.b.kind)) {
            cur.ended = true;
        } else if (cur.titleLines.size() >= MAX_REPORT_LINES) {
            close(open.remove(cur.context), emit, null);
        }
    }

    @Override
    public void finish(Consumer<IncidentBuilder> emit) {
        if (held != null) {
            LogRecord last = held;
            held = null;
            acceptOne(last, emit);
        }
        for (Open o : new ArrayList<>(open.values())) {
            String reason = null;
            if (!o.ended && !o.stackSeen && o.expectsStack && needsStack(o)) {
                reason = "the log ends before the report's stack (report cut)";
            }
            close(o, emit, reason);
        }
        open.clear();
    }

    /**
     * Idle (no report open, no line held, no recent "cut here", past the first line), a line changes nothing unless
     * it may be a header (the same literals as {@link #HEADER_SCREEN}), is a "cut here" marker, or may be the first
     * half of a re-wrapped line ({@link #wakeShape()}).
     */
    @Override
    public List<String> wakeLiterals() {
        List<String> wake = new ArrayList<>(CrashFormats.HEADER_LITERALS);
        wake.add(CUT_HERE);
        wake.addAll(RewrappedLines.CUT_HEADER_LITERALS);
        return List.copyOf(wake);
    }

    /** The cheap half of the test accept() holds a line by: a frame cut after its "+" shares no longer literal. */
    @Override
    public Predicate<String> wakeShape() {
        return RewrappedLines::mayEndInCutFrame;
    }

    @Override
    public boolean holdsOpenState() {
        return atStart || held != null || !open.isEmpty() || !cutHere.isEmpty();
    }

    /** The crash formats' header literals: a line holding none of them is no header. */
    static final LiteralScreen HEADER_SCREEN = headerScreen();

    private static LiteralScreen headerScreen() {
        List<String> literals = CrashFormats.HEADER_LITERALS;
        if (literals == null) {
            throw new IllegalStateException("a crash format's header pattern has no required literal");
        }
        return new LiteralScreen(literals, new int[literals.size()]);
    }

    /** Cheap literal pre-check so most lines never reach a regex. */
    private static boolean maybeHeader(String t) {
        return t.length() >= 5 && HEADER_SCREEN.anyIn(t) && !isIgnoredHeader(t);
    }

    /** Lines that carry a header word but are not crash reports. */
    private static boolean isIgnoredHeader(String t) {
        return isUserSpaceFault(t) || t.contains("ODEBUG:") && !t.contains("WARNING:") || t.contains("Boot_DEBUG:") || t.contains("INFO: lockdep is turned off")
                || t.contains("INFO: Stall ended before state dump start") || t.contains("INFO: NMI handler")
                || t.contains("INFO: recovery required on readonly filesystem") || t.contains("_INFO::")
                || t.contains("WARNING: /etc/ssh/moduli does not exist") || t.contains("WARNING: workqueue cpumask")
                || t.contains("BUG: no syscalls can create resource") || t.contains("INFO: no syscalls can create resource")
                || t.contains("is not present in /proc/kallsyms") || t.contains("took too long")
                || t.contains("DEBUG:") && !t.contains("BUG: ");
    }

    /**
     * A user-space fault the kernel logs for a task ("traps: a.out[1234] general protection fault ip:4005d6 sp:...
     * error:0 in a.out[400000+1000]", "a.out[1234]: segfault at 0 ip ... error 4"): context, not a kernel crash.
     */
    static boolean isUserSpaceFault(String t) {
        return t.startsWith("traps: ") || (t.contains(" ip:") && t.contains(" sp:") && t.contains(" error:"));
    }

    private static String contextOf(LogRecord r) {
        if (r.callerId() != null) {
            return r.callerId();
        }
        return r.hasMonoTime() || r.kernel() ? "console" : "other";
    }

    /** The open report a line of this context belongs to, if any. */
    private Open ownerOf(String ctx, String text) {
        Open o = open.get(ctx);
        if (o != null) {
            return o;
        }
        if (ctx.startsWith("C")) {
            for (Open x : open.values()) {
                if (x.cpuTraceback) {
                    return x;
                }
            }
        }
        return null;
    }

    /** Headers that continue the report they follow rather than start a new one. */
    private static boolean continues(Open cur, CrashFormat header, String text) {
        if (cur.ended) {
            return text.contains("Kernel panic");
        }
        if (text.contains("Kernel panic") || text.contains("invalid opcode: 0000") || text.contains("unregister_netdevice: waiting for")
                || text.contains("PANIC: double fault")) {
            return true;
        }
        int n = cur.titleLines.size();
        if (n < MAX_INLINE_HEADER_LINES && !cur.stackSeen && cur.titleLines.get(n - 1).endsWith(" [inline]")
                && sameHeaderPrefix(cur.titleLines.get(0), text)) {
            // A symbolized report prints its header once per inlining level, the real function last
            // ("BUG: KASAN: use-after-free in test_bit ... [inline]", then "... in tcp_check_space+0x5c/0x6c0 ..."): one report.
            return true;
        }
        if (text.startsWith("INFO: ") && n < 40 && cur.titleLines.get(0).stripLeading().startsWith("BUG ")
                && !cur.titleLines.get(0).contains("): kasan")) {
            // SLUB debug reports: "INFO: Allocated in ...", "INFO: Slab 0x..." lines detail the BUG line above.
            return true;
        }
        if (n < 20 && text.startsWith("kernel BUG at rust/") && cur.titleLines.get(0).contains("rust_kernel: panicked")) {
            // A Rust panic ends in the C BUG() helper: one report.
            return true;
        }
        if (text.startsWith("Oops") || text.startsWith("Internal error:") || header.template().equals(CrashFormats.DIE_TEMPLATE)) {
            // The die() line ("Oops: 0000 [#1]", "stack guard page: 0000 [#1]") that a BUG:/Unable to handle header leads into.
            return n < 12;
        }
        if (n < 5 && !cur.stackSeen && header.kind() == IncidentKind.DOUBLE_FAULT && cur.b.kind == IncidentKind.DOUBLE_FAULT) {
            // One report printed with two header lines ("PANIC: double fault" then "double fault: 0000 [#1]").
            return true;
        }
        // "list_del corruption" is followed by the BUG() it triggers; "Unable to handle" (arm) by "Internal error".
        return n < 4 && (text.startsWith("kernel BUG at") || text.startsWith("WARNING: CPU") || text.startsWith("WARNING: at"))
                && (cur.b.kind == IncidentKind.LIST_CORRUPTION);
    }

    /** Inlining depth a symbolized header is printed with at most (one line per inlined function). */
    private static final int MAX_INLINE_HEADER_LINES = 12;

    /** Whether two header lines say the same thing up to the function they name: the part before " in " or " at ". */
    private static boolean sameHeaderPrefix(String first, String next) {
        int a = headerPrefixEnd(first);
        int b = headerPrefixEnd(next);
        return a > 0 && a == b && first.regionMatches(first.length() - first.stripLeading().length(), next,
                next.length() - next.stripLeading().length(), a - (first.length() - first.stripLeading().length()));
    }

    private static int headerPrefixEnd(String line) {
        int in = line.indexOf(" in ");
        int at = line.indexOf(" at ");
        return in < 0 ? at : at < 0 ? in : Math.min(in, at);
    }

    private static boolean isPanicTrailer(String t) {
        return t.contains("Kernel panic") || t.startsWith("Kernel Offset") || t.startsWith("Rebooting in")
                || t.startsWith("Dumping ftrace buffer") || t.contains("ftrace buffer empty") || t.startsWith("Shutting down cpus")
                || t.startsWith("CPU: ") || t.startsWith("Hardware name") || t.startsWith("Call Trace") || t.startsWith(" ")
                || t.startsWith("---") || t.startsWith("SMP: stopping") || t.startsWith("Memory Limit")
                || t.startsWith("PHYS_OFFSET") || t.startsWith("CPU features") || t.startsWith("Disabling lock debugging")
                || t.startsWith("<") || t.startsWith("</") || t.startsWith("RIP:") || t.startsWith("R") && t.length() > 3 && t.charAt(3) == ':';
    }

    /**
     * A log that begins inside a report (the console scrolled, a mail quotes the bottom half): only its first
     * non-blank line can open a report without a header, so a stack that follows another detector's header line
     * (an allocation failure, a stack-overflow warning, a task dump) never becomes a second incident.
     */
    private boolean atStart = true;

    /** The lines a report's body starts with: the faulting instruction, or a frame of its stack. */
    private static boolean startsReportBody(String t) {
        String s = t.stripLeading();
        if (s.startsWith("EIP is at ") || s.startsWith("RIP: ") || s.startsWith("PC is at ") || s.startsWith("NIP: ")
                || s.startsWith("EIP: ")) {
            return true;
        }
        return s.startsWith("[<") && !FrameParser.parse(s, null).isEmpty();
    }

    private void startHeadless(LogRecord record, String ctx) {
        Open o = new Open(new IncidentBuilder(IncidentKind.OOPS, record), ctx, false);
        o.headless = true;
        o.b.markCorrupted("the log starts inside a report: its header was not captured (report cut)");
        open.put(ctx, o);
        append(o, record);
    }

    /** The first reliable frame with a real function name (not a ".text.lock" section or a ".LC" label). */
    private static String firstNamedFrame(List<Frame> frames) {
        for (Frame f : frames) {
            String name = FrameParser.baseName(f.function());
            if (f.reliable() && name != null && !name.startsWith(".") && !OTHER_CPU_SECTION.equals(f.section())) {
                return name;
            }
        }
        return null;
    }

    private Open start(LogRecord record, String ctx, CrashFormat header, Consumer<IncidentBuilder> pendingEmit) {
        LogRecord cut = cutHere.remove(ctx);
        sinceCutHere.remove(ctx);
        // A "cut here" marker just before a WARNING or BUG() is the report's first line.
        boolean fromCut = cut != null && (header.kind() == IncidentKind.WARNING || header.kind() == IncidentKind.BUG
                || header.kind() == IncidentKind.LIST_CORRUPTION);
        Open o = new Open(new IncidentBuilder(header.kind(), fromCut ? cut : record), ctx,
                header.noStackTrace() && header.stack() == null && header.report() == null);
        o.expectsStack = !header.noStackTrace();
        if (open.size() >= MAX_OPEN_REPORTS) {
            // Many tasks each left a report open: the one quiet for longest is surely over (keeps memory bounded).
            Open oldest = null;
            for (Open x : open.values()) {
                if (oldest == null || x.lastLine < oldest.lastLine) {
                    oldest = x;
                }
            }
            close(open.remove(oldest.context), pendingEmit, null);
        }
        open.put(ctx, o);
        append(o, record);
        return o;
    }

    private void append(Open o, LogRecord record) {
        IncidentBuilder b = o.b;
        String t = record.text();
        if (b.lines.isEmpty() || b.lines.get(b.lines.size() - 1) != record) {
            b.add(record);
        }
        if (record.hasMonoTime()) {
            o.lastTime = record.monoTime();
        }
        if (record == rejoined) {
            b.facts.put(Facts.REWRAPPED, 1);
        }
        o.lastLine = record.line();
        if (t.contains("Sending NMI from CPU") || t.contains("NMI backtrace for cpu")) {
            o.cpuTraceback = true;
            int at = t.indexOf("NMI backtrace for cpu ");
            if (at >= 0) {
                o.otherCpu = isOtherCpu(o, t, at + "NMI backtrace for cpu ".length());
            }
        }
        String marker = FrameParser.sectionMarker(t);
        if (marker != null) {
            o.section = marker.isEmpty() ? null : marker;
            o.sinceFrame = 0;
            if (!t.contains("[<")) {
                o.titleLines.add(t);
                return;
            }
            // "<IRQ>  [<..>] func+0x..": the section's first frame follows on the same line.
        }
        List<Frame> frames = FrameParser.parse(t, o.otherCpu ? OTHER_CPU_SECTION : o.section);
        o.sinceFrame = frames.isEmpty() && !t.startsWith("Call Trace") && !t.startsWith("Call trace") ? o.sinceFrame + 1 : 0;
        boolean questionable = false;
        for (Frame f : frames) {
            if (o.otherCpu && !OTHER_CPU_SECTION.equals(f.section())) {
                // the bystander's register line too ("RIP: 0010:tg3_poll_work+0x2a1/0xe10 [tg3]")
                f = new Frame(f.function(), f.offset(), f.size(), f.module(), f.reliable(), OTHER_CPU_SECTION,
                        f.address(), f.file(), f.inline());
            }
            b.addFrame(f);
            if (!"registers".equals(f.section())) {
                o.stackSeen = true;
            }
            questionable |= !f.reliable();
        }
        if (t.contains("(stack is not available)")) {
            o.stackSeen = true;
        }
        if (!o.titleCut && (o.context.equals("console") || o.context.equals("other")) && isForeignStackMessage(t)) {
            // Fault injection and allocation-failure messages print their own stack; without caller ids
            // their frames cannot be told from the report's own.
            o.titleCut = true;
            b.markCorrupted("another message with its own stack is mixed into the report (interleaved)");
        }
        if ((!questionable || t.contains("<EOI>")) && !o.titleCut) {
            o.titleLines.add(t);
            for (Open g : o.glued) {
                if (g.titleLines.size() < MAX_REPORT_LINES) {
                    g.titleLines.add(t);
                }
            }
        }
        if (frames.isEmpty()) {
            collectFacts(o, t);
        }
    }

    /**
     * Stack section of frames printed in another CPU's NMI backtrace (all-CPU backtraces of lockups and
     * stalls): signatures must not take a bystander's frames for the crashing stack.
     */
    public static final String OTHER_CPU_SECTION = "other-cpu";

    /**
     * Whether "NMI backtrace for cpu N" is another CPU than the one this report is about: a CPU other than
     * the report's own, or, when the report names none yet, any backtrace after its own stack.
     */
    private static boolean isOtherCpu(Open o, String t, int from) {
        int end = from;
        while (end < t.length() && Character.isDigit(t.charAt(end))) {
            end++;
        }
        Integer own = o.b.cpu != null ? o.b.cpu : o.b.facts.get("cpu") instanceof Integer c ? c : null;
        if (end == from || end - from > 6 || own == null) {
            return o.stackSeen;
        }
        return Integer.parseInt(t.substring(from, end)) != own;
    }

    private static void collectFacts(Open o, String t) {
        IncidentBuilder b = o.b;
        if (o.otherCpu) {
            return; // a bystander CPU's "CPU: 2 PID: 0 Comm: swapper/2" is not this report's task
        }
        if (b.cpu == null && t.startsWith("CPU: ") && t.contains("PID:")) {
            Matcher m = CPU_PID.matcher(t);
            if (m.lookingAt()) {
                b.cpu = Integer.valueOf(m.group(1));
                b.pid = Integer.valueOf(m.group(2));
                b.comm = m.group(3);
                if (m.group(4) != null && !m.group(4).isBlank()) {
                    b.taint = m.group(4).strip();
                }
            }
        } else if (b.pid == null && t.startsWith("Process ")) {
            // 2.4/2.6 i386: "Process swapper (pid: 0, stackpage=c0349000)"
            Matcher m = OLD_PROCESS.matcher(t);
            if (m.lookingAt()) {
                b.comm = m.group(1);
                b.pid = Integer.valueOf(m.group(2));
            }
        } else if (b.cpu == null && t.startsWith("CPU:    ")) {
            String n = t.substring(8).strip();
            int sp = n.indexOf(' ');
            n = sp < 0 ? n : n.substring(0, sp);
            if (!n.isEmpty() && n.chars().allMatch(Character::isDigit) && n.length() < 5) {
                b.cpu = Integer.valueOf(n);
            }
        } else if (t.startsWith("Modules linked in:") && b.modules.isEmpty()) {
            ModuleList list = ModuleList.parse(t);
            b.modules.addAll(list.names());
            o.moduleFlags.putAll(list.flags());
        }
        switch (b.kind) {
            case SOFT_LOCKUP -> {
                Matcher m = SOFT_LOCKUP.matcher(t);
                if (!b.facts.has(Facts.STUCK_SECONDS) && m.find()) {
                    b.facts.put(Facts.STUCK_SECONDS, Integer.valueOf(m.group(2)));
                    b.facts.put(Facts.CPU, Integer.valueOf(m.group(1)));
                    if (m.group(3) != null) {
                        b.facts.put(Facts.TASK, m.group(3));
                        b.comm = m.group(3);
                        b.pid = Integer.valueOf(m.group(4));
                    }
                }
            }
            case HARD_LOCKUP -> {
                Matcher m = HARD_LOCKUP.matcher(t);
                if (!b.facts.has(Facts.CPU) && m.find()) {
                    b.facts.put(Facts.CPU, Integer.valueOf(m.group(1)));
                }
            }
            case HUNG_TASK -> {
                Matcher m = HUNG.matcher(t);
                if (!b.facts.has(Facts.BLOCKED_SECONDS) && m.find()) {
                    b.facts.put(Facts.TASK, m.group(1) + ":" + m.group(2));
                    b.facts.put(Facts.BLOCKED_SECONDS, Integer.valueOf(m.group(3)));
                    b.comm = m.group(1);
                    b.pid = Integer.valueOf(m.group(2));
                }
            }
            case RCU_STALL -> rcuFacts(b, t);
            default -> {
            }
        }
    }

    private static void rcuFacts(IncidentBuilder b, String t) {
        if (!b.facts.has(Facts.STALL_JIFFIES)) {
            Matcher m = STALL_JIFFIES.matcher(t);
            if (m.find()) {
                b.facts.put(Facts.STALL_JIFFIES, Long.valueOf(m.group(1) != null ? m.group(1) : m.group(2)));
            }
        }
        if (!b.facts.has(Facts.STALL_SECONDS)) {
            Matcher m = STALL_SECONDS.matcher(t);
            if (m.find()) {
                b.facts.put(Facts.STALL_SECONDS, Long.valueOf(m.group(1)));
            }
        }
        if (t.contains("detected stall") && !b.facts.has(Facts.STALL_CPUS)) {
            Matcher m = STALL_BRACES.matcher(t);
            if (m.find()) {
                int n = 0;
                for (String s : m.group(1).strip().split("\\s+")) {
                    if (!s.isEmpty() && !s.startsWith("-")) {
                        n++;
                    }
                }
                if (n > 0) {
                    b.facts.put(Facts.STALL_CPUS, n);
                }
            }
        } else if (STALL_CPU_LINE.matcher(t).find()) {
            // One line per stalled CPU ("rcu: 	1-...!: (3 GPs behind) ...") on kernels that print no braces list.
            b.stallCpusListed++;
        }
    }

    /** The guilty frame among pre-2.6 style frames, or null when the stack has none of them. */
    private static String oldStyleGuilty(List<Frame> frames, CrashFormat format) {
        boolean old = false;
        for (Frame f : frames) {
            if (f.offset() != null && (!f.offset().startsWith("0x") || f.size() == null)) {
                old = true;
                break;
            }
        }
        if (!old) {
            return null;
        }
        for (Frame f : frames) {
            String name = FrameParser.baseName(f.function());
            if (f.reliable() && name != null && !name.startsWith(".text") && !CrashTitler.isGeneric(name, format.skip())) {
                return name;
            }
        }
        return null;
    }

    private static boolean isForeignStackMessage(String t) {
        return t.contains("FAULT_INJECTION: forcing a failure") || t.contains("vmalloc: allocation failure:")
                || t.contains("FAULT_FLAG_ALLOW_RETRY missing") || t.contains("page allocation failure:");
    }

    private static boolean isSanitizer(IncidentKind k) {
        return k == IncidentKind.KASAN || k == IncidentKind.SANITIZER;
    }

    private static boolean needsStack(Open o) {
        return o.b.kind != IncidentKind.PANIC && o.b.kind != IncidentKind.OTHER;
    }

    private static void close(Open o, Consumer<IncidentBuilder> emit, String corruptedReason) {
        if (o == null) {
            return;
        }
        for (Open g : o.glued) {
            close(g, emit, null);
        }
        o.glued.clear();
        IncidentBuilder b = o.b;
        if (b.stallCpusListed > 0) {
            b.facts.putIfAbsent(Facts.STALL_CPUS, b.stallCpusListed);
        }
        if (o.headless) {
            // No header to title it by: name the report after the function it was in.
            b.guiltyFrame = firstNamedFrame(b.frames);
            b.title = b.guiltyFrame == null ? "report without its header" : "report without its header in " + b.guiltyFrame;
            emit.accept(b);
            return;
        }
        CrashTitler.Result r;
        try {
            r = o.titleLines.isEmpty() ? null : CrashTitler.title(o.titleLines);
        } catch (StackOverflowError e) {
            // A pathological report can exhaust the regex engine's recursion: keep the incident, titled by its header.
            r = null;
            b.markCorrupted("the report could not be titled");
        }
        if (r != null) {
            b.title = r.title();
            b.kind = r.format().kind();
            b.guiltyFrame = r.guiltyFrame();
            String reason = r.corruptedReason();
            if (reason != null && o.stackSeen && (reason.startsWith("call trace without frames") || reason.startsWith("no stack trace"))) {
                // The title reads reliable frames only; a stack printed all with "?" is still a stack, not a cut report.
                reason = null;
            }
            if (b.guiltyFrame == null && b.title.endsWith(" in corrupted") && r.format().stack() != null) {
                // 2.4-era stacks (kallsyms "[func+105/192]", RHEL3 "func [kernel] 0x2f4") that the
                // syzkaller-style recipe cannot read: blame the first real frame the frame parser found.
                String old = oldStyleGuilty(b.frames, r.format());
                if (old != null) {
                    b.guiltyFrame = old;
                    b.title = b.title.substring(0, b.title.length() - "corrupted".length()) + old;
                    reason = null;
                }
            }
            if (reason != null) {
                b.markCorrupted(reason);
            }
        } else {
            b.title = o.titleLines.isEmpty() ? b.lines.get(0).text() : o.titleLines.get(0).strip();
        }
        if (corruptedReason != null) {
            b.markCorrupted(corruptedReason);
        }
        if (o.titleLines.stream().anyMatch(l -> l.contains("Kernel panic - not syncing"))) {
            b.facts.put(Facts.PANICKED, 1);
        }
        markOutOfTreeGuilty(b, o.moduleFlags);
        emit.accept(b);
    }

    /**
     * The blamed frame's module and whether the report's own module list marks it out-of-tree ('O') or proprietary
     * ('P'), the module_flags() letters of Documentation/admin-guide/tainted-kernels.rst: a crash inside such a
     * module is its vendor's code, while a taint letter alone only says such a module was loaded somewhere.
     */
    private static void markOutOfTreeGuilty(IncidentBuilder b, Map<String, String> moduleFlags) {
        if (b.guiltyFrame == null || !Facts.GUILTY_MODULE.kinds().contains(b.kind)) {
            return;
        }
        for (Frame f : b.frames) {
            if (b.guiltyFrame.equals(f.function()) && f.module() != null) {
                b.facts.put(Facts.GUILTY_MODULE, f.module());
                String flags = moduleFlags.get(f.module());
                if (flags != null) {
                    b.facts.put(Facts.GUILTY_MODULE_OUT_OF_TREE, flags.indexOf('O') >= 0 || flags.indexOf('P') >= 0 ? 1 : 0);
                }
                return;
            }
        }
    }
}
