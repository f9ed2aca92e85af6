package dev.crashtriage.kernel;

import dev.crashtriage.kernel.CrashFormat.FrameChoice;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives a crash report its syzkaller-style title and guilty frame: picks the report's format, walks
 * its stack recipe (register line, "Call Trace:", frames) and blames the first frame that is not
 * generic (reporting, locking, scheduling, allocation, sanitizer, string and list helpers...).
 */
final class CrashTitler {

    /** What a report was titled. */
    record Result(CrashFormat format, String title, String guiltyFrame, String corruptedReason) {
    }

    /** Stall and lockup anchors: the frame above the first of these is blamed. */
    private static final Pattern STALL_ANCHOR = Pattern.compile(String.join("|",
            "process_one_work", "do_syscall_", "do_fast_syscall_", "sysenter_dispatch", "tracesys_phase2", "netif_receive_skb",
            "do_softirq", "call_timer_fn", "_run_timers", "run_timer_softirq", "run_ksoftirqd", "smpboot_thread_fn", "^kthread$",
            "tasklet_action",
            "start_secondary", "cpu_startup_entry", "ret_from_fork", "vfs_write", "vfs_read", "vfs_iter_read", "vfs_iter_write",
            "do_iter_read", "do_iter_write", "^new_sync_read$", "^new_sync_write$", "vfs_ioctl", "ksys_ioctl", "compat_ioctl", "compat_sys_ioctl", "blkdev_driver_ioctl",
            "blkdev_ioctl", "^call_read_iter", "^call_write_iter", "do_iter_readv_writev", "^call_mmap", "mmap_region", "do_mmap",
            "do_dentry_open", "vfs_open", "^sock_sendmsg", "^sock_recvmsg", "^sock_release", "^__sock_release",
            "__sys_setsockopt", "kernel_setsockopt", "sock_common_setsockopt", "__sys_listen", "kernel_listen",
            "sk_common_release", "^sock_mmap", "__sys_accept", "kernel_accept", "^sock_do_ioctl", "^sock_ioctl",
            "^compat_sock_ioctl", "^nfnetlink_rcv_msg", "^rtnetlink_rcv_msg",
            "^(compat_)?(SYSC|SyS|__sys|___sys|__do_sys|__se_sys|__x64_sys)_(socketpair|connect|ioctl)",
            "__do_fault", "handle_mm_fault", "do_page_fault", "^page_fault$", "__fput", "task_work_run", "exit_to_usermode",
            "smp_call_function", "^el0_svc", "^invoke_syscall"));


    /** Where kernel threads start: reaching it means every frame of the task was a wait. */
    private static final Pattern KTHREAD_ENTRY = Pattern.compile("kthread|ret_from_fork[a-z0-9_]*|worker_thread|smpboot_thread_fn");

    /** A frame line inside a stack: optional addresses then a function name with an offset. */
    private static final Pattern FRAME_LINE = Pattern.compile(
            "^ *\\(?(?:" + CrashFormats.PC + " ?){0,2}(?:\\(|[0-9]+:|:[a-zA-Z0-9_\\-]+:)?" + CrashFormats.FUNC
                    + "|\\) from " + CrashFormats.PC + " \\(" + CrashFormats.FUNC
                    + "|^ *([a-zA-Z0-9_]+) [a-zA-Z0-9\\-_/.]+\\.[a-zA-Z]+:[0-9]+(?::[0-9]+)? \\[inline\\]");

    /** Lines that start another stack in the same report (the allocation/free stacks of KASAN, kmemleak). */
    private static final Pattern STACK_START = Pattern.compile(
            "Call Trace|Allocated:|Allocated by task [0-9]+:|Freed:|Freed by task [0-9]+:|(?:[^k] |^)backtrace(?: \\(crc [0-9a-f]+\\))?:");

    /** Fault-injection stacks are often mixed into reports: such a line makes the stack untrustworthy. */
    private static final Pattern FAULT_INJECTION = Pattern.compile(
            "^( " + CrashFormats.PC + ")? ?should_fail(slab)?(\\.[a-z0-9.]+)?\\+0x");

    /**
     * RCU stalls are reported from the timer interrupt that found them: frames above its entry are the reporter's.
     * x86's {@code asm_sysvec_apic_timer_interrupt} (arch/x86/include/asm/idtentry.h, 5.8+), before that
     * {@code apic_timer_interrupt} (entry_64.S) and its {@code smp_}/{@code trace_} handlers; arm64's {@code el1_irq},
     * {@code el1h_64_irq} (arch/arm64/kernel/entry.S). Only the first such entry is the reporter's: a later one can be
     * the interrupt whose softirq did the stalled work.
     */
    private static final Pattern TIMER_INTERRUPT_ENTRY = Pattern.compile(
            "[ \\]](?:asm_sysvec_apic_timer_interrupt|(?:smp_)?(?:trace_)?apic_timer_interrupt[a-z0-9_]*|el1_irq|el1h_64_irq)[+.]");
    /**
     * A synchronous exception the task took inside its own work (a page fault in a user copy): x86's
     * {@code asm_exc_*} stubs (idtentry.h), before 5.8 {@code page_fault}/{@code async_page_fault}; arm64's
     * {@code el1h_64_sync}/{@code el1_sync}. The stalled work is the code that took the fault, below it.
     */
    private static final Pattern EXCEPTION_ENTRY = Pattern.compile(
            "[ \\]](?:asm_exc_[a-z0-9_]+|(?:async_)?page_fault|el1h_64_sync|el1_sync)[+.]");

    /** Printk timestamps merged into a header mean the title is garbled. */
    private static final Pattern TIMESTAMP_IN_TITLE = Pattern.compile("\\[ *[0-9]+\\.[0-9]+\\]");

    /** A printk level marker ("<0>") just before the header: two messages ran into one line. */
    private static final Pattern GLUED_LEVEL = Pattern.compile("\\S.*<[0-7]>$");

    private static final Pattern OFFSET_IN_TITLE = Pattern.compile("\\+0x[0-9a-f]+/0x[0-9a-f]+");

    private static final List<Pattern> DEFAULT_STACK = List.of(CrashFormats.CALL_TRACE, CrashFormats.PARSE_STACK);

    private static final int MAX_REPORT_CHARS = 200_000;

    private CrashTitler() {
    }

    /** The first format whose header pattern matches this line, or null: tells a report start. */
    static CrashFormat headerFormat(String line) {
        for (CrashFormat f : CrashFormats.ALL) {
            if (line.contains(f.literal()) && headerMatch(f, line) != null) {
                return f;
            }
        }
        return null;
    }

    /** The format's header match on this line where a kernel prints a header ({@link HeaderPlacement}), or null. */
    private static Matcher headerMatch(CrashFormat f, String line) {
        Matcher m = f.header().matcher(line);
        while (m.find()) {
            if (HeaderPlacement.atReportStart(line, m.start())) {
                return m;
            }
        }
        return null;
    }

    /**
     * Titles the report whose lines are given (header first; unreliable "?" frames already left out).
     * Returns null when no format matches.
     */
    static Result title(List<String> lines) {
        String header = lines.get(0);
        String text = null;
        CrashFormat reportless = null;
        Matcher reportlessHeader = null;
        for (CrashFormat f : CrashFormats.ALL) {
            if (!header.contains(f.literal())) {
                continue;
            }
            Matcher hm = headerMatch(f, header);
            if (hm == null) {
                continue;
            }
            Matcher rm = null;
            if (f.report() != null) {
                if (text == null) {
                    text = join(lines);
                }
                rm = f.report().matcher(text.substring(headerOffset(header, hm)));
                if (!rm.lookingAt()) {
                    if (reportless == null) {
                        reportless = f;
                        reportlessHeader = hm;
                    }
                    continue;
                }
            }
            return apply(f, hm, rm, lines);
        }
        if (reportless != null) {
            // The header is known but the lines naming the culprit are missing: titled by the header itself.
            String h = header.substring(reportlessHeader.start()).strip();
            return new Result(reportless, h, null, "the report lacks the lines that name the culprit");
        }
        return null;
    }

    private static int headerOffset(String header, Matcher hm) {
        return hm.start();
    }

    private static Result apply(CrashFormat f, Matcher hm, Matcher rm, List<String> lines) {
        String frame = null;
        String corrupted = f.corrupted() ? "the report header is garbled" : null;
        if (f.stack() != null) {
            List<String> fromHeader = new ArrayList<>(lines);
            fromHeader.set(0, lines.get(0).substring(hm.start()));
            frame = guiltyFrame(f, f.stack(), fromHeader);
            if (frame == null && f.stack2() != null) {
                frame = guiltyFrame(f, f.stack2(), fromHeader);
            }
            if (frame == null && f.stack2() == null && f.stack().size() > 2) {
                // No register line this recipe knows (another architecture's dump): read the call trace alone.
                frame = guiltyFrame(f, DEFAULT_STACK, fromHeader);
            }
            if (frame == null && corrupted == null) {
                corrupted = "no usable stack frame in the report";
            }
            frame = FrameRoles.syscallName(frame);
        }
        StringBuilder title = new StringBuilder();
        String t = f.template();
        int headerGroups = hm.groupCount();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '$' && i + 1 < t.length()) {
                char n = t.charAt(i + 1);
                if (n == 'F') {
                    title.append(frame == null ? "corrupted" : frame);
                    i++;
                    continue;
                }
                if (n == 'G') {
                    // Old-era WARNINGs name the warning function in the header: a one-line WARNING without a
                    // stack is titled by it rather than marked corrupted.
                    if (frame == null && hm.groupCount() >= 2 && hm.group(2) != null) {
                        frame = hm.group(2);
                        if ("no usable stack frame in the report".equals(corrupted)) {
                            corrupted = null;
                        }
                    }
                    title.append(frame == null ? "corrupted" : frame);
                    i++;
                    continue;
                }
                if (n == 'r' && i + 2 < t.length()) {
                    String g = rm == null ? "corrupted" : rm.group(headerGroups + (t.charAt(i + 2) - '0'));
                    if (g != null && rm != null && t.startsWith(" in ", i - 4) && isGeneric(g, f.skip())) {
                        // The lock line names a generic helper (__might_fault): blame the first real frame of the stack.
                        String fromStack = guiltyFrame(f, DEFAULT_STACK, lines);
                        if (fromStack != null) {
                            g = fromStack;
                            frame = fromStack;
                        }
                    }
                    title.append(g == null ? "" : g);
                    i += 2;
                    continue;
                }
                if (Character.isDigit(n)) {
                    String g = hm.group(n - '0');
                    title.append(g == null ? "" : g);
                    i++;
                    continue;
                }
            }
            title.append(c);
        }
        String s = title.toString().strip();
        if (frame == null && t.endsWith(" in $F?")) {
            s = s.substring(0, s.length() - " in corrupted?".length()).strip();
        } else if (t.endsWith("$F?")) {
            s = s.substring(0, s.length() - 1);
        }
        // Offsets printed in a header ("data-race in e1000_clean_rx_irq+0x551/0xb10") are volatile.
        s = OFFSET_IN_TITLE.matcher(s).replaceAll("");
        if (s.startsWith("SYZ")) {
            // Executor failures carry pids, counts and temp names that differ on every run.
            s = s.replaceAll("[0-9]+", "NUM");
        }
        if (corrupted == null && GLUED_LEVEL.matcher(lines.get(0).substring(0, hm.start())).find()) {
            corrupted = "the header is glued to the end of another message";
        }
        if (corrupted == null && TIMESTAMP_IN_TITLE.matcher(s).find()) {
            corrupted = "a timestamp is merged into the header";
        }
        if (corrupted == null && !f.noStackTrace() && f.stack() != null) {
            corrupted = missingStack(lines);
        }
        return new Result(f, s, frame, corrupted);
    }

    /**
     * Whether a report that should have a stack lacks one, syzkaller's way of telling a cut report: a
     * "Call Trace:" header with no frame after it, or no stack at all. Sanitizer reports (KMSAN, KFENCE)
     * and arm backtraces print their frames without such a header: two frames are a stack too.
     */
    private static String missingStack(List<String> lines) {
        boolean header = false;
        int frames = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.contains("Call Trace") || l.contains("Call trace") || l.contains("backtrace") || l.contains("Backtrace")) {
                header = true;
                boolean frame = false;
                for (int j = i + 1; j < lines.size() && j <= i + 15; j++) {
                    String n = lines.get(j);
                    if (n.contains("(stack is not available)") || FrameParser.parseOne(n, null) != null) {
                        frame = true;
                        break;
                    }
                }
                if (!frame) {
                    return "call trace without frames (report cut)";
                }
            } else if (i > 0 && frames < 2) {
                Frame f = FrameParser.parseOne(l, null);
                if (f != null && !"registers".equals(f.section())) {
                    frames++;
                }
            }
        }
        return header || frames >= 2 ? null : "no stack trace in the report";
    }

    private static String guiltyFrame(CrashFormat f, List<Pattern> parts, List<String> lines) {
        List<String> frames = new ArrayList<>();
        // RCU stalls: the stalled task's own level of the stack starts after the last interrupt or exception entry.
        boolean taskLevel = f.kind() == IncidentKind.RCU_STALL;
        int levelStart = 0;
        boolean reporterSeen = false;
        boolean inEntryChain = false;
        int pos = 0;
        boolean ok = true;
        int stacks = 0;
        for (int p = 0; p < parts.size(); p++) {
            Pattern part = parts.get(p);
            if (part == CrashFormats.PARSE_STACK) {
                stacks++;
                boolean advanced = false;
                while (pos < lines.size()) {
                    String ln = lines.get(pos++);
                    if (ln.contains("should_fail") && FAULT_INJECTION.matcher(ln).find()) {
                        ok = false;
                        break;
                    }
                    if ((ln.contains("Call") || ln.contains("Allocated") || ln.contains("Freed") || ln.contains("backtrace"))
                            && STACK_START.matcher(ln).find()) {
                        break;
                    }
                    if (taskLevel && isLevelEntry(ln, reporterSeen && !inEntryChain)) {
                        // An entry stub can be printed as a chain ("smp_trace_apic_timer_interrupt", then its
                        // "..._entry_after_kaiser_bti" thunk): consecutive entry lines are one entry.
                        inEntryChain = ln.indexOf("_interrupt") >= 0 || ln.indexOf("_irq") >= 0;
                        reporterSeen |= inEntryChain;
                        levelStart = frames.size();
                        continue;
                    }
                    inEntryChain = false;
                    if (p + 1 < parts.size()) {
                        Matcher next = parts.get(p + 1).matcher(ln);
                        if (next.find()) {
                            addFrame(frames, next, f, ln);
                            p++;
                            advanced = true;
                            break;
                        }
                    }
                    if (ln.indexOf('+') >= 0 || ln.endsWith("[inline]") || FrameParser.endsWithParen(ln)) {
                        Matcher m = FRAME_LINE.matcher(ln);
                        if (m.find()) {
                            addFrame(frames, m, f, ln);
                        }
                    }
                    if (f.extractor() == FrameChoice.FIRST && !frames.isEmpty()) {
                        // The first acceptable frame is the answer: no need to read the rest of a long report.
                        return frames.get(0);
                    }
                }
                if (!advanced || p + 1 >= parts.size()) {
                    continue;
                }
            } else {
                boolean registerPart = part == CrashFormats.FAULT_FRAME || part == CrashFormats.RIP_FRAME
                        || part == CrashFormats.PC_FRAME;
                while (pos < lines.size()) {
                    String ln = lines.get(pos++);
                    if (ln.contains("should_fail") && FAULT_INJECTION.matcher(ln).find()) {
                        ok = false;
                        break;
                    }
                    if (registerPart && !mayBeRegisterLine(ln)) {
                        continue;
                    }
                    Matcher m = part.matcher(ln);
                    if (m.find()) {
                        addFrame(frames, m, f, ln);
                        // The register dump of the interrupted code: the reporter's interrupt entry is behind us.
                        reporterSeen |= registerPart;
                        break;
                    }
                }
            }
        }
        if (!ok && frames.isEmpty()) {
            return null;
        }
        if (frames.isEmpty()) {
            return null;
        }
        if (levelStart > 0 && levelStart < frames.size()) {
            String own = choose(f.extractor(), frames.subList(levelStart, frames.size()));
            if (own != null) {
                return own;
            }
        }
        return choose(f.extractor(), frames);
    }

    /** Whether a stack line enters a new level: the reporter's timer interrupt (once) or a synchronous exception. */
    private static boolean isLevelEntry(String ln, boolean reporterSeen) {
        if (ln.indexOf("fault") >= 0 || ln.indexOf("_sync") >= 0 || ln.indexOf("asm_exc_") >= 0) {
            if (EXCEPTION_ENTRY.matcher(ln).find()) {
                return true;
            }
        }
        return !reporterSeen && (ln.indexOf("_interrupt") >= 0 || ln.indexOf("_irq") >= 0) && TIMER_INTERRUPT_ENTRY.matcher(ln).find();
    }

    private static void addFrame(List<String> frames, Matcher m, CrashFormat f, String line) {
        String name = null;
        int end = 0;
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) {
                name = m.group(g);
                end = m.end(g);
                break;
            }
        }
        if (name == null) {
            return;
        }
        if (name.startsWith("_R")) {
            // Rust-for-Linux frames carry v0-mangled names: titles use the Rust path.
            name = RustSymbols.demangle(name);
        } else if (name.startsWith("_Z")) {
            // C++ modules and Rust's legacy mangling: titles use the demangled name.
            name = CppSymbols.demangle(name);
        }
        boolean generic = f.directCaller() ? FrameRoles.isReportingMachinery(name) || matchesAny(name, f.skip())
                : isGeneric(name, definingPath(line, end), f.skip());
        if (generic) {
            return;
        }
        frames.add(name);
    }

    /** The source file printed after a frame's function ("lib/string.c" of "memcpy+0x1/0x2 lib/string.c:58"), or null. */
    static String sourcePath(String line, int from) {
        if (line == null || from >= line.length()) {
            return null;
        }
        Matcher m = SOURCE_PATH.matcher(line);
        return m.find(from) ? m.group(1) : null;
    }

    /**
     * The source file that tells where a frame's function is defined, or null. A header path (include/, arch/x/include/)
     * says so only for an {@code [inline]} frame: a frame printed with its own offset ({@code
     * mptcp_subflow_queue_clean+0x2c9/0x390 include/net/mptcp.h:104}) is a real function whose faulting line was inlined
     * into it from that header, and a header path there says nothing about the function itself.
     */
    static String definingPath(String line, int from) {
        if (from + 1 < line.length() && line.charAt(from) == ' ' && line.charAt(from + 1) == '(') {
            return decodedPath(line, from + 2);
        }
        String path = sourcePath(line, from);
        if (path != null && HEADER_PATH.matcher(path).lookingAt() && !line.endsWith("[inline]")
                && from < line.length() && (line.charAt(from) == '+' || line.charAt(from) == '.')) {
            return null;
        }
        return path;
    }

    /**
     * The defining file of a decoded frame ({@code "lock_acquire (./include/trace/events/lock.h:24 kernel/locking/lockdep.c:5834)"}):
     * addr2line -i lists the inlined locations first and the function's own line last, so the last location is where the
     * function lives. A build-tree prefix ({@code /home/u/linux/./include/...}) is cut at its {@code /./}.
     */
    private static String decodedPath(String line, int from) {
        int close = -1;
        int depth = 0;
        for (int i = from; i < line.length() && close < 0; i++) {
            char c = line.charAt(i);
            if (c == '(') {
                depth++; // addr2line's "(discriminator N)"
            } else if (c == ')' && depth-- == 0) {
                close = i;
            }
        }
        if (close < 0) {
            return null;
        }
        String last = FrameParser.lastLocation(line.substring(from, close));
        int colon = last.indexOf(':');
        return colon > 0 ? last.substring(0, colon) : null;
    }

    private static final Pattern HEADER_PATH = Pattern.compile("(?:\\./)?(?:include/|arch/[a-z0-9_]+/include/)");

    private static final Pattern SOURCE_PATH = Pattern.compile(" ([a-zA-Z0-9_\\-/.]+/[a-zA-Z0-9_\\-.]+\\.[chS]):[0-9]+");

    /** Whether a frame is too generic to blame: infrastructure (by path or name group) or in the format's own skip list. */
    static boolean isGeneric(String name, String path, List<String> extra) {
        return FrameRoles.isInfrastructure(name, path) || matchesAny(name, extra);
    }

    static boolean isGeneric(String name, List<String> extra) {
        return isGeneric(name, null, extra);
    }

    /** Register-dump lines name the faulting function after "IP", "PC is at", "pc :", "LR is at", s390's "Krnl PSW" or mips/riscv "epc". */
    private static boolean mayBeRegisterLine(String ln) {
        return ln.contains("IP") || ln.contains("PC is at") || ln.contains("pc :") || ln.contains("LR is at") || ln.contains("Krnl PSW")
                || ln.contains("epc");
    }

    private static boolean matchesAny(String name, List<String> fragments) {
        for (String s : fragments) {
            if (s.startsWith("^")) {
                boolean exact = s.endsWith("$");
                String core = s.substring(1, exact ? s.length() - 1 : s.length());
                if (exact ? name.equals(core) : name.startsWith(core)) {
                    return true;
                }
            } else if (name.contains(s)) {
                return true;
            }
        }
        return false;
    }

    private static String choose(FrameChoice choice, List<String> frames) {
        String chosen = chooseRaw(choice, frames);
        int at = chosen == null ? -1 : frames.indexOf(chosen);
        if (at >= 0 && at + 1 < frames.size() && isWorkerOf(chosen, frames.get(at + 1))) {
            // One rule for inner workers: do_X called by X is X (do_read_cache_folio under read_cache_folio).
            return frames.get(at + 1);
        }
        return chosen;
    }

    /** Whether {@code inner} is the do_X worker of {@code outer} = X. */
    private static boolean isWorkerOf(String inner, String outer) {
        return inner.startsWith("do_") && inner.length() > 3 && inner.substring(3).equals(outer);
    }

    private static String chooseRaw(FrameChoice choice, List<String> frames) {
        switch (choice) {
            case STALL: {
                String prev = frames.get(0);
                for (String fr : frames) {
                    if (STALL_ANCHOR.matcher(fr).find()) {
                        if (fr.contains("smp_call_function")) {
                            prev = "smp_call_function";
                        }
                        return prev;
                    }
                    prev = fr;
                }
                return null;
            }
            case HANG: {
                for (String fr : frames) {
                    if (fr.contains("rtnl_lock")) {
                        return fr;
                    }
                    if (fr.contains("synchronize_rcu") || fr.contains("synchronize_srcu") || fr.contains("synchronize_net")
                            || fr.contains("synchronize_sched")) {
                        return "synchronize_rcu";
                    }
                }
                // The blocked task's first frame outside scheduling and waiting: the primitives are already infrastructure
                // (FrameRoles groups scheduling, locking, timers/completions); wrappers that wait or take a lock say so by name.
                for (String fr : frames) {
                    if (!KTHREAD_ENTRY.matcher(fr).matches() && !FrameRoles.isWaitByName(fr)) {
                        return fr;
                    }
                }
                return null;
            }
            default:
                return frames.get(0);
        }
    }

    private static String join(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            if (sb.length() + l.length() > MAX_REPORT_CHARS) {
                break;
            }
            sb.append(l).append('\n');
        }
        return sb.toString();
    }
}
