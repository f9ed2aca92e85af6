package dev.crashtriage.kernel;

import dev.crashtriage.input.LiteralExtractor;
import dev.crashtriage.input.LiteralScreen;
import dev.crashtriage.kernel.CrashFormat.FrameChoice;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The catalogue of crash report headers the kernel prints and the titles they get, in the title
 * convention of syzkaller's Linux report parser ({@code pkg/report/linux.go}): "&lt;header&gt; in
 * &lt;guilty function&gt;". The first format whose header and report patterns match wins, so more
 * specific formats come before general ones.
 */
final class CrashFormats {

    /**
     * A function name as the title uses it: name up to the first '.' or '+' (compiler suffixes dropped), or a decoded
     * frame's name before its parenthesised source locations ({@code "dump_stack_lvl (lib/dump_stack.c:123)"},
     * {@code "at: bprm_execve (fs/exec.c:1409 fs/exec.c:1782)"}): scripts/decode_stacktrace.sh replaces the offset with
     * the locations, on stack lines, register lines and lockdep's {@code at:} lines alike (real output: the netdev CI's
     * decoded crash at https://netdev-3.bots.linux.dev/vmksft-tcp-ao-dbg/results/149561/vm-crash-thr0-10).
     */
    static final String FUNC = "([a-zA-Z0-9_]+)(?:\\.|\\+| \\((?=[^()]*\\.[a-zA-Z]+:[0-9]+))";
    /**
     * A sanitizer header's function as symbolized reports print it: {@link #FUNC}, or an inlined function with its
     * source line ({@code "BUG: KASAN: use-after-free in instrument_atomic_read include/linux/instrumented.h:56 [inline]"}).
     * Such a report prints one header line per inlining level, the real function last (syzkaller's symbolizer,
     * scripts/decode_stacktrace.sh): the header is recognised on its first line, and the stack recipe reads the function
     * from the line that names a real function ({@link #FUNC}, with an offset), as it does for a one-line header.
     */
    static final String SANITIZER_FUNC = "([a-zA-Z0-9_]+)(?:\\.|\\+| \\S+:[0-9]+ \\[inline\\])";
    /** A printed address in brackets. */
    static final String PC = "\\[<?(?:0x)?[0-9a-f]+>?\\]";
    static final String SRC = "([a-zA-Z0-9\\-_/.]+\\.[a-z]+:[0-9]+)";

    /** Marks the place in a stack recipe where frames are read line by line. */
    static final Pattern PARSE_STACK = Pattern.compile("(?!)");

    /** The faulting function on the register line of x86 ({@code RIP:}, {@code IP:}) and powerpc ({@code NIP}). */
    static final Pattern RIP_FRAME = Pattern.compile(
            "N?IP:? (?:(?:[0-9]+:)?(?:" + PC + " +){0,2}(?::[a-zA-Z0-9_\\-]+:)?" + FUNC + "|[0-9]+:0x[0-9a-f]+|(?:[0-9]+:)?" + PC
                    + " +\\[< *\\(null\\)>\\] +\\(null\\)|[0-9]+: +\\(null\\))");
    /**
     * The exception PC of mips ({@code "epc   : 8027a5c4 br_multicast_rcv+0x84/0x1160"}, arch/mips/kernel/traps.c
     * __show_regs) and riscv ({@code "epc : dw_mci_request_end+0x2a/0x110"}, arch/riscv/kernel/process.c __show_regs).
     */
    static final String EPC = "epc\\s*: (?:[0-9a-f]+ )?" + FUNC;
    /** arm/arm64 faulting function lines, and the mips/riscv epc. */
    static final Pattern PC_FRAME = Pattern.compile("(?:" + RIP_FRAME.pattern() + "|" + EPC + "|(?:PC is at |pc : (?:" + PC + " )?|LR is at |EIP is at )"
            + FUNC + "|EIP is at ([a-zA-Z0-9_]+) \\[)");
    /** The faulting function on any architecture's register dump: x86 RIP/EIP/IP, powerpc NIP, arm PC/pc. */
    static final Pattern FAULT_FRAME = Pattern.compile("(?:" + RIP_FRAME.pattern() + "|Krnl PSW : [0-9a-f]+ [0-9a-f]+ \\(" + FUNC
            + "|EIP is at " + FUNC
            + "|EIP is at ([a-zA-Z0-9_]+) \\[|PC is at " + FUNC
            + "|pc : (?:" + PC + " )?" + FUNC + "|" + EPC + ")");
    static final Pattern CALL_TRACE = Pattern.compile("Call (?:T|t)race:|^Backtrace:");
    static final Pattern BACKTRACE = Pattern.compile("(?:[^k] |^)backtrace(?: \\(crc [0-9a-f]+\\))?:");

    /** Title of a report known only by its x86 die() line ("int3: 0000 [#1]"). */
    static final String DIE_TEMPLATE = "$1 in $F";

    static final List<CrashFormat> ALL = build();

    /**
     * {@link #headerLiterals} of {@link #ALL}, derived once: the header screen and the detector gate's wake literals
     * both start from it on every start.
     */
    static final List<String> HEADER_LITERALS = headerLiterals(ALL);

    /**
     * Literals every line a format's header pattern matches holds, derived from the table (so a new format
     * brings its own): a line without one of these is no header. Null when a header pattern has none.
     */
    static List<String> headerLiterals(List<CrashFormat> formats) {
        List<String> all = new ArrayList<>();
        for (CrashFormat f : formats) {
            List<String> req = LiteralExtractor.requiredLiterals(f.header().pattern());
            if (req == null || req.stream().anyMatch(l -> l.length() < LiteralScreen.MIN_LENGTH)) {
                return null;
            }
            all.addAll(req);
        }
        // a literal that holds another is redundant: the shorter one finds every line it would
        return all.stream().distinct().filter(l -> all.stream().noneMatch(o -> !o.equals(l) && l.contains(o))).toList();
    }

    private CrashFormats() {
    }

    private static List<CrashFormat> build() {
        List<Builder> f = new ArrayList<>();
        List<Pattern> ripThenTrace = List.of(FAULT_FRAME, CALL_TRACE, PARSE_STACK);
        List<Pattern> trace = List.of(CALL_TRACE, PARSE_STACK);
        List<Pattern> warningStack = List.of(Pattern.compile("(?:" + RIP_FRAME.pattern()
                + "|PC is at " + FUNC + "|pc : (?:" + PC + " )?" + FUNC + "|--- interrupt: [0-9]+ at " + FUNC + ")"), PARSE_STACK);

        // Sanitizers.
        add(f, IncidentKind.KASAN, "KASAN:", "BUG: KASAN: double-free or invalid-free in " + FUNC, null,
                "KASAN: invalid-free in $F", List.of(Pattern.compile("BUG: KASAN: double-free or invalid-free in " + FUNC),
                        CALL_TRACE, PARSE_STACK), null, List.of());
        add(f, IncidentKind.KASAN, "KASAN:", "BUG: KASAN: (double-free|invalid-free) in " + FUNC, null,
                "KASAN: invalid-free in $F", List.of(Pattern.compile("BUG: KASAN: [a-z\\-]+ in " + FUNC), CALL_TRACE, PARSE_STACK),
                null, List.of());
        add(f, IncidentKind.KASAN, "KASAN:", "BUG: KASAN: ([a-z\\-]+) in " + SANITIZER_FUNC,
                "(?:.*\\n){0,30}?.*(Read|Write) (?:of size|at addr)", "KASAN: $1 $r1 in $F",
                List.of(Pattern.compile("BUG: KASAN: [a-z\\-]+ in " + FUNC), CALL_TRACE, PARSE_STACK), null, List.of());
        // 4.x-era KASAN without an access line names the accessing function in the header and prints the address: "at addr ADDR".
        add(f, IncidentKind.KASAN, "KASAN:", "BUG: KASAN: ([a-z\\-]+) in ([a-zA-Z0-9_]+)\\S* at addr [0-9a-f]+", null,
                "KASAN: $1 in $2 at addr ADDR", null, null, List.of());
        add(f, IncidentKind.KASAN, "KASAN:", "BUG: KASAN: ([a-z\\-]+) in " + FUNC, null,
                "KASAN: $1 in $F", List.of(Pattern.compile("BUG: KASAN: [a-z\\-]+ in " + FUNC), CALL_TRACE, PARSE_STACK),
                null, List.of());
        add(f, IncidentKind.KASAN, "KASAN:", "BUG: KASAN: ([a-z\\-]+) on address",
                "(?:.*\\n){0,30}?.*(Read|Write) (?:of size|at addr)", "KASAN: $1 $r1", null, null, List.of());
        f.add(new Builder(new CrashFormat(IncidentKind.KASAN, "KASAN:", Pattern.compile("BUG: KASAN: (.*)"), null, "KASAN: $1",
                null, null, List.of(), FrameChoice.FIRST, true, true)));
        add(f, IncidentKind.SANITIZER, "KFENCE:", "BUG: KFENCE: ([a-z\\- ]+) in " + FUNC, null,
                "KFENCE: $1 in $F", List.of(Pattern.compile("BUG: KFENCE: [a-z\\- ]+ in " + FUNC), PARSE_STACK),
                null, List.of());
        add(f, IncidentKind.SANITIZER, "KMSAN:", "BUG: KMSAN: kernel-usb-infoleak in " + FUNC, null,
                "KMSAN: kernel-usb-infoleak in $F", trace, null,
                List.of());
        add(f, IncidentKind.SANITIZER, "KMSAN:", "BUG: KMSAN: ([a-z\\-]+) in " + SANITIZER_FUNC, null,
                "KMSAN: $1 in $F", List.of(Pattern.compile("BUG: KMSAN: [a-z\\-]+ in " + FUNC), PARSE_STACK), trace, List.of());
        f.add(new Builder(new CrashFormat(IncidentKind.SANITIZER, "KCSAN:", Pattern.compile("BUG: KCSAN: (.*)"), null, "KCSAN: $1",
                null, null, List.of(), FrameChoice.FIRST, true, false)));
        add(f, IncidentKind.SANITIZER, "UBSAN:", "UBSAN: Undefined behaviour in", null, "UBSAN: undefined-behaviour in $F",
                trace, null, List.of());
        add(f, IncidentKind.SANITIZER, "UBSAN:", "UBSAN: ([a-z\\-]+) in", null, "UBSAN: $1 in $F",
                trace, null, List.of());

        // Memory access faults.
        add(f, IncidentKind.OOPS, "BUG: ", "BUG: (?:unable to handle kernel paging request|unable to handle page fault for address"
                + "|Unable to handle kernel data access)", null, "BUG: unable to handle kernel paging request in $F",
                ripThenTrace, null, List.of());
        add(f, IncidentKind.OOPS, "BUG: ", "BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference"
                + "|Kernel NULL pointer dereference)", null, "BUG: unable to handle kernel NULL pointer dereference in $F",
                ripThenTrace, null, List.of());
        f.add(new Builder(new CrashFormat(IncidentKind.OOPS, "BUG: ", Pattern.compile("BUG: (?:unable to handle kernel|Unable to handle kernel)"),
                null, "BUG: unable to handle kernel", null, null, List.of(), FrameChoice.FIRST, true, true)));
        add(f, IncidentKind.OOPS, "Unable to handle kernel", "Unable to handle kernel NULL pointer dereference", null,
                "BUG: unable to handle kernel NULL pointer dereference in $F", List.of(PC_FRAME, CALL_TRACE, PARSE_STACK), null, List.of());
        add(f, IncidentKind.OOPS, "Unable to handle kernel", "Unable to handle kernel (?:paging request|NULL pointer dereference|access to user memory|execute from non-executable memory|write to read-only memory|pointer dereference in virtual kernel address space)",
                null, "BUG: unable to handle kernel paging request in $F",
                List.of(FAULT_FRAME, CALL_TRACE, PARSE_STACK), List.of(CALL_TRACE, PARSE_STACK), List.of());

        // Locking and scheduling bugs.
        // kernel/locking/spinlock_debug.c spin_bug()/rwlock_bug(): "BUG: spinlock bad magic on CPU#0, swapper/0/1" and
        // "BUG: rwlock %s on CPU#%d, %s/%d, %p": CPU, task and lock address differ on every hit and stay out of the title.
        add(f, IncidentKind.BUG, "lock ", "BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion|bad magic|wrong owner|wrong CPU)",
                null, "BUG: $1 $2 in $F", trace, null, List.of());
        add(f, IncidentKind.SOFT_LOCKUP, "soft lockup", "BUG: soft lockup", null, "BUG: soft lockup in $F",
                ripThenTrace, null, List.of()).stallExtractor();
        addNoStack(f, IncidentKind.BUG, "locks held", "BUG: .*still has locks held!",
                "(?:.*\\n)+?.*(?:at: (?:" + PC + " +)?|" + PC + " +)" + FUNC, "BUG: still has locks held in $r1");
        addNoStack(f, IncidentKind.BUG, "locks held", "BUG: .*still has locks held!", null, "BUG: still has locks held");
        addNoStack(f, IncidentKind.BUG, "returning to user space", "(BUG|WARNING): lock held when returning to user space",
                "(?:.*\\n)+?.*leaving the kernel with locks still held(?:.*\\n)+?.*at: (?:" + PC + " +)?" + FUNC,
                "$1: lock held when returning to user space in $r1");
        addNoStack(f, IncidentKind.LOCKDEP, "bad unlock balance", "(BUG|WARNING): bad unlock balance detected!",
                "(?:.*\\n){0,15}?.*is trying to release lock(?:.*\\n){0,15}?.*(?:at: (?:" + PC + " +)?|" + PC + " +)" + FUNC,
                "$1: bad unlock balance in $r1");
        addNoStack(f, IncidentKind.LOCKDEP, "held lock freed", "(BUG|WARNING): held lock freed!",
                "(?:.*\\n)+?.*at:(?: " + PC + ")? +" + FUNC, "$1: held lock freed in $r1");
        addNoStack(f, IncidentKind.BUG, "rss-counter", "BUG: Bad rss-counter state", null, "BUG: Bad rss-counter state");
        addNoStack(f, IncidentKind.BUG, "nr_ptes", "BUG: non-zero nr_ptes on freeing mm", null, "BUG: non-zero nr_ptes on freeing mm");
        addNoStack(f, IncidentKind.BUG, "nr_pmds", "BUG: non-zero nr_pmds on freeing mm", null, "BUG: non-zero nr_pmds on freeing mm");
        addNoStack(f, IncidentKind.BUG, "on freeing mm", "BUG: non-zero ([a-z_]+) on freeing mm", null, "BUG: non-zero $1 on freeing mm");
        add(f, IncidentKind.BUG, "Dentry", "BUG: Dentry .* still in use \\([0-9]+\\) \\[unmount of ([^\\]]+)\\]", null,
                "BUG: Dentry still in use [unmount of $1]", null, null, List.of());
        add(f, IncidentKind.BUG, "Bad page state", "BUG: Bad page state", null, "BUG: Bad page state in $F", trace, null,
                // The report fires inside the page-freeing path: functions that free or release pages say so by name.
                List.of("free", "release", "put_page", "folio_put", "page_pool", "page_frag"));
        add(f, IncidentKind.BUG, "Bad page map", "BUG: Bad page map", null, "BUG: Bad page map", null, null, List.of());
        addNoStack(f, IncidentKind.BUG, "workqueue lockup", "BUG: workqueue lockup", null, "BUG: workqueue lockup");
        add(f, IncidentKind.BUG, "sleeping function", "BUG: sleeping function called from invalid context at (.*)", null,
                "BUG: sleeping function called from invalid context in $F", trace, null, List.of());
        add(f, IncidentKind.BUG, "in preemptible", "BUG: using ([a-z_]+)\\(\\) in preemptible", null,
                "BUG: using $1() in preemptible code in $F", trace, null,
                List.of()).directCaller();
        addNoStack(f, IncidentKind.BUG, "leaked lock or atomic", "BUG: workqueue leaked lock or atomic",
                "(?:.*\\n)+?.*last function: ([a-zA-Z0-9_]+)", "BUG: workqueue leaked lock or atomic in $r1");
        add(f, IncidentKind.BUG, "scheduling while atomic", "BUG: scheduling while atomic", null,
                "BUG: scheduling while atomic in $F", trace, null, List.of());
        add(f, IncidentKind.BUG, "memory leak", "BUG: memory leak", null, "memory leak in $F",
                List.of(BACKTRACE, PARSE_STACK), null,
                // A leak's stack is the allocation's: allocation wrappers say so by name ("alloc", "strdup", "memdup",
                // "kasprintf"); the allocator and kmemleak themselves are FrameRoles groups.
                List.of("alloc", "strdup", "strndup", "memdup", "kasprintf", "kvasprintf"));
        f.add(new Builder(new CrashFormat(IncidentKind.STACK_OVERFLOW, "stack guard page", Pattern.compile("BUG: (?:TASK |IRQ )?stack guard page was hit at"),
                null, "BUG: stack guard page was hit in $F", ripThenTrace, null, List.of(), FrameChoice.FIRST, true, false)));
        add(f, IncidentKind.BUG, "Object already free", "BUG [a-z0-9\\-()]+ \\(.*\\): Object already free", null,
                "BUG: Object already free", null, null, List.of());
        add(f, IncidentKind.BUG, "Object already free", "BUG kmalloc-.*: Object already free", null,
                "BUG: Object already free", null, null, List.of());
        addNoStack(f, IncidentKind.BUG, "MAX_", "BUG: (MAX_[A-Z_]+ too low!)", null, "BUG: $1");
        // SLUB debugging: "BUG kmalloc-64 (Not tainted): Poison overwritten", titled by its BUG line (4.x KASAN reused the
        // BUG line as "kasan: bad access detected" and is titled by its INFO: tracking line instead); the INFO: lines
        // after it are details of the same report.
        f.add(new Builder(new CrashFormat(IncidentKind.BUG, "BUG ", Pattern.compile(
                "^\\s*BUG ([a-zA-Z0-9_\\-:()]+) \\((?:Not tainted|Tainted: [^)]*)\\): (?!kasan)([A-Za-z][A-Za-z ]*[A-Za-z])"), null,
                "BUG: $2", null, null, List.of(), FrameChoice.FIRST, true, false)));
        f.add(new Builder(new CrashFormat(IncidentKind.BUG, "BUG:", Pattern.compile("BUG:\\s*$"), null, "BUG: corrupted",
                null, null, List.of(), FrameChoice.FIRST, true, true)));

        // WARNINGs: specific classes by the file that warned, then the generic form.
        warning(f, "debugobjects", "WARNING: .*lib/debugobjects\\.c.* (?:debug_print|debug_check)", "WARNING: ODEBUG bug in $F",
                warningStack, List.of("^call_rcu", "^__call_rcu", "^hrtimer_", "^percpu_counter_"));
        warning(f, "usercopy", "WARNING: .*mm/usercopy\\.c.* usercopy_warn", "WARNING: bad usercopy in $F", warningStack,
                List.of());
        warning(f, "kobject", "WARNING: .*lib/kobject\\.c.* kobject_", "WARNING: kobject bug in $F", warningStack, List.of());
        warning(f, "proc/generic", "WARNING: .*fs/proc/generic\\.c.* proc_register", "WARNING: proc registration bug in $F",
                warningStack, List.of("proc_"));
        warning(f, "refcount", "WARNING: .*lib/refcount\\.c", "WARNING: refcount bug in $F", warningStack,
                List.of());
        // fs/file.c __file_ref_put(): WARN_ONCE "imbalanced put on file reference count", a put on a dead file; the
        // put path (fput, file_ref_put) is where it fires, the caller that put once too often is the culprit.
        warning(f, "fs/file.c", "WARNING: .*fs/file\\.c.* __file_ref_put", "WARNING: imbalanced put on file reference count in $F",
                warningStack, List.of("file_ref_put", "fput"));
        warning(f, "lockdep", "WARNING: .*kernel/locking/lockdep\\.c.*lock_", "WARNING: locking bug in $F", warningStack,
                List.of("lock_sock", "release_sock"));
        warning(f, "malloc", "WARNING: .*mm/.*\\.c.* k?.?malloc", "WARNING: kmalloc bug in $F", warningStack,
                List.of());
        warning(f, "vmalloc", "WARNING: .*mm/vmalloc\\.c.*__vmalloc", "WARNING: zero-size vmalloc in $F", warningStack,
                List.of());
        warning(f, "usb_submit_urb", "WARNING: .* usb_submit_urb", "WARNING in $F/usb_submit_urb", warningStack,
                List.of());
        // 2.6.x-3.x (RHEL 6/7, Ubuntu 12.04-16.04): "WARNING: at fs/x.c:12 func+0x1/0x2 [mod]() (Tainted: ...)",
        // and powerpc/s390 forms naming only the file and line; the stack then has no register line.
        warning(f, "WARNING: at ", "WARNING: at " + SRC + " (?::[a-zA-Z0-9_\\-]+:)?" + FUNC, "WARNING in $G", warningStack, List.of());
        warning(f, "WARNING: at ", "WARNING: at " + SRC + "(?: |$)", "WARNING in $F", List.of(FAULT_FRAME, CALL_TRACE, PARSE_STACK),
                List.of());
        warning(f, " at ", "WARNING: .* at " + SRC + " " + FUNC, "WARNING in $F", warningStack, List.of());
        // 6.x kernels: "WARNING: fs/buffer.c:1183 at mark_buffer_dirty+0x299/0x3f0, CPU#1: comm/pid".
        warning(f, " at ", "WARNING: " + SRC + " at (?:" + FUNC + "|0x)", "WARNING in $F", warningStack, List.of());
        warning(f, " at ", "WARNING: .* at " + SRC + " ?$", "WARNING in $F", warningStack, List.of());
        add(f, IncidentKind.LOCKDEP, "circular locking", "(?:WARNING|INFO): possible circular locking dependency detected",
                "(?:.*\\n)+?.*is trying to acquire lock", "possible deadlock in $F",
                List.of(Pattern.compile("at: (?:" + PC + " +)?" + FUNC), Pattern.compile("at: (?:" + PC + " +)?" + FUNC), PARSE_STACK),
                null, List.of("process_one_work", "flush_workqueue", "drain_workqueue", "destroy_workqueue"));
        lockdep(f, "irq lock inversion", "(?:WARNING|INFO): possible irq lock inversion dependency detected",
                "just changed the state of lock", "possible deadlock in $r1");
        // kernel/locking/lockdep.c print_bad_irq_dependency(): the deadlock needs the irq-safe lock taken in the interrupt,
        // so the culprit is that acquisition, printed under "... which became HARDIRQ-irq-safe at:"; the acquisition
        // being attempted ("is trying to acquire ... at:") is the fallback when that stack is missing.
        add(f, IncidentKind.LOCKDEP, "lock order detected", "(?:WARNING|INFO): [A-Z]+-safe -> [A-Z]+-unsafe lock order detected", null,
                "possible deadlock in $F", List.of(Pattern.compile("which became [A-Z]+-irq-safe at:"), PARSE_STACK),
                List.of(Pattern.compile("is trying to acquire"), Pattern.compile("at: (?:" + PC + " +)?" + FUNC)), List.of());
        lockdep(f, "recursive locking", "(?:WARNING|INFO): possible recursive locking detected",
                "is trying to acquire lock", "possible deadlock in $r1");
        lockdep(f, "inconsistent lock state", "(?:WARNING|INFO): inconsistent lock state", "takes", "inconsistent lock state in $r1");
        add(f, IncidentKind.LOCKDEP, "Invalid wait context", "BUG: Invalid wait context", null, "WARNING: locking bug in $F",
                List.of(Pattern.compile("Call (?:T|t)race:|Backtrace:"), PARSE_STACK), null, List.of());
        // 2.6.3x-3.x banner: "[ INFO: suspicious rcu_dereference_check() usage. ]".
        add(f, IncidentKind.LOCKDEP, "suspicious rcu_dereference", "(WARNING|INFO): suspicious rcu_dereference_(?:check|protected)\\(\\) usage",
                null, "$1: suspicious RCU usage in $F?", trace, null, List.of("^rcu_", "^__rcu_"));
        add(f, IncidentKind.LOCKDEP, "suspicious RCU usage", "(WARNING|INFO): suspicious RCU usage", null,
                "$1: suspicious RCU usage in $F?", trace, null, List.of("^rcu_", "^__rcu_"));
        // kernel/locking/lockdep.c print_lock_nested_lock_not_held(): "WARNING: Nested lock was not taken", then
        // "<comm>/<pid> is trying to lock:" and the lock "..., at: <function>"; print_lock_contention_bug():
        // "WARNING: bad contention detected!", then "<comm>/<pid> is trying to contend lock (<name>) at:".
        lockdep(f, "Nested lock", "WARNING: Nested lock was not taken", "is trying to lock:", "WARNING: nested lock was not taken in $r1");
        addNoStack(f, IncidentKind.LOCKDEP, "bad contention", "WARNING: bad contention detected!",
                "(?:.*\\n){0,8}?.*is trying to contend lock.*at:\\s*(?:" + PC + " +)?" + FUNC, "WARNING: bad contention in $r1");
        addNoStack(f, IncidentKind.WARNING, "has bad", "WARNING: kernel stack regs at [0-9a-f]+ in [^ ]* has bad '([^']+)' value",
                null, "WARNING: kernel stack regs has bad '$1' value");
        addNoStack(f, IncidentKind.WARNING, "has bad", "WARNING: kernel stack frame pointer at [0-9a-f]+ in [^ ]* has bad value",
                null, "WARNING: kernel stack frame pointer has bad value");
        addNoStack(f, IncidentKind.WARNING, "has bad", "WARNING: kernel stack regs .* has bad 'bp' value", null,
                "WARNING: kernel stack regs has bad value");
        addNoStack(f, IncidentKind.LOCKDEP, "still has locks held", "WARNING: .*still has locks held!",
                "(?:.*\\n)+?.*(?:at: (?:" + PC + " +)?|" + PC + " +)" + FUNC, "WARNING: still has locks held in $r1");
        f.add(new Builder(new CrashFormat(IncidentKind.WARNING, "WARNING:", Pattern.compile("WARNING:\\s*$"), null, "WARNING: corrupted",
                null, null, List.of(), FrameChoice.FIRST, true, true)));

        // INFO: reports.
        add(f, IncidentKind.RCU_STALL, "stall", "INFO: rcu_(?:preempt|sched|bh) (?:self-)?detected(?: expedited)? stall",
                null, "INFO: rcu detected stall in $F",
                List.of(Pattern.compile("apic_timer_interrupt|timer_interrupt|arch_timer_handler|tick_sched_timer"), RIP_FRAME, PARSE_STACK),
                List.of(Pattern.compile("apic_timer_interrupt|timer_interrupt|arch_timer_handler|tick_sched_timer"), PARSE_STACK),
                List.of("rcu")).stallExtractor();
        add(f, IncidentKind.RCU_STALL, "stall", "INFO: rcu_(?:preempt|sched|bh|tasks[a-z_]*) detected(?: expedited)? stalls?",
                null, "INFO: rcu detected stall in $F",
                List.of(Pattern.compile("apic_timer_interrupt|timer_interrupt|arch_timer_handler"), RIP_FRAME, PARSE_STACK),
                List.of(Pattern.compile("apic_timer_interrupt|timer_interrupt|arch_timer_handler"), PARSE_STACK),
                List.of("rcu")).stallExtractor();
        add(f, IncidentKind.LOCKDEP, "non-static key", "INFO: trying to register non-static key", null,
                "INFO: trying to register non-static key in $F", trace, null, List.of());
        add(f, IncidentKind.HUNG_TASK, "for more than", "INFO: task .* blocked.* for more than [0-9]+ seconds", null,
                "INFO: task hung in $F", trace, null, List.of()).hangExtractor();
        add(f, IncidentKind.HUNG_TASK, "can't die", "INFO: task .* can't die for more than .* seconds", null,
                "INFO: task can't die in $F", trace, null, List.of());
        // SLUB debug tracking lines: age, CPU and PID are placeholders (they differ on every hit).
        f.add(new Builder(new CrashFormat(IncidentKind.KASAN, "INFO:", Pattern.compile(
                "INFO: (Freed|Allocated) in ([a-zA-Z0-9_]+)\\S* age=[0-9]+ cpu=[0-9]+ pid=[0-9]+"), null,
                "INFO: $1 in $2 age=NUM cpu=NUM pid=NUM", null, null, List.of(), FrameChoice.FIRST, true, true)));
        f.add(new Builder(new CrashFormat(IncidentKind.KASAN, "INFO:", Pattern.compile("INFO: (Freed|Allocated) in ([a-zA-Z0-9_]+)"), null,
                "INFO: $1 in $2", null, null, List.of(), FrameChoice.FIRST, true, true)));
        f.add(new Builder(new CrashFormat(IncidentKind.OTHER, "INFO:", Pattern.compile("INFO:\\s*$"), null, "INFO: corrupted",
                null, null, List.of(), FrameChoice.FIRST, true, true)));

        // 2.6-era RCU (rcuclassic/rcutree print_cpu_stall): "INFO: RCU detected CPU %d stall (t=%lu/%lu jiffies)"
        add(f, IncidentKind.RCU_STALL, "stall", "INFO: RCU detected CPU [0-9]+ stall",
                null, "INFO: rcu detected stall in $F",
                List.of(Pattern.compile("apic_timer_interrupt|timer_interrupt|arch_timer_handler|tick_sched_timer"), RIP_FRAME, PARSE_STACK),
                List.of(Pattern.compile("apic_timer_interrupt|timer_interrupt|arch_timer_handler|tick_sched_timer"), PARSE_STACK),
                List.of("rcu")).stallExtractor();

        // Hard lockups: not a syzkaller class; titled in the same convention.
        // 2.4-2.6.3x arch/x86 nmi.c die_nmi("NMI Watchdog detected LOCKUP on CPU %d"), 2.4 "..LOCKUP on CPU0, eip .."
        add(f, IncidentKind.HARD_LOCKUP, "NMI Watchdog detected LOCKUP", "NMI Watchdog detected LOCKUP", null,
                "BUG: hard lockup in $F", ripThenTrace, null, List.of()).stallExtractor();
        add(f, IncidentKind.HARD_LOCKUP, "hard LOCKUP", "Watchdog detected hard LOCKUP on cpu", null,
                "BUG: hard lockup in $F", ripThenTrace, null, List.of()).stallExtractor();
        add(f, IncidentKind.HARD_LOCKUP, "NMI watchdog:", "NMI watchdog: (?:BUG: )?(?:hard LOCKUP|Watchdog detected hard LOCKUP)",
                null, "BUG: hard lockup in $F", ripThenTrace, null, List.of()).stallExtractor();
        add(f, IncidentKind.SOFT_LOCKUP, "soft lockup", "BUG: soft lockup - CPU", null, "BUG: soft lockup in $F",
                List.of(Pattern.compile("(?:" + RIP_FRAME.pattern() + "|PC is at " + FUNC + "|pc : (?:" + PC + " )?" + FUNC + ")"),
                        CALL_TRACE, PARSE_STACK), null, List.of()).stallExtractor();

        // Exceptions.
        // arch/x86/kernel/traps.c (5.x+): "general protection fault, probably for non-canonical address 0x..:" and, for a
        // faulting segment selector, "segment-related general protection fault: e030 [#1]".
        add(f, IncidentKind.GENERAL_PROTECTION_FAULT, "general protection fault", "(?:segment-related )?general protection fault.*:", null,
                "general protection fault in $F", ripThenTrace, null, List.of());
        add(f, IncidentKind.GENERAL_PROTECTION_FAULT, "stack segment: ", "stack segment: ", null,
                "stack segment fault in $F", ripThenTrace, null, List.of());

        // s390 kernel_stack_overflow() prints "Kernel stack overflow." then the PSW and panics "Corrupt kernel stack, can't
        // continue." (arch/s390/kernel/traps.c). The arm64/arm/riscv and powerpc overflow checks are StackOverflowDetector's.
        add(f, IncidentKind.STACK_OVERFLOW, "Kernel stack overflow", "^\\s*Kernel stack overflow\\.", null,
                "kernel stack overflow in $F", List.of(FAULT_FRAME, CALL_TRACE, PARSE_STACK), trace, List.of());

        // Panics.
        addNoStack(f, IncidentKind.PANIC, "stack-protector", "Kernel panic - not syncing: stack-protector:",
                " Kernel stack is corrupted in: " + FUNC,
                "kernel panic: stack is corrupted in $r1");
        add(f, IncidentKind.PANIC, "stack-protector", "Kernel panic - not syncing: stack-protector:",
                " Kernel stack is corrupted in: [a-f0-9]+",
                "kernel panic: stack is corrupted in $F", trace, null, List.of());
        add(f, IncidentKind.PANIC, "corrupted stack end", "Kernel panic - not syncing: corrupted stack end", null,
                "kernel panic: corrupted stack end in $F", trace, null, List.of()).stallExtractor();
        add(f, IncidentKind.PANIC, "kill init", "Kernel panic - not syncing: Attempted to kill init!", null,
                "kernel panic: Attempted to kill init!", null, null, List.of());
        add(f, IncidentKind.PANIC, "N_TTY", "Kernel panic - not syncing: Couldn't open N_TTY ldisc for [^ ]+ --- error -[0-9]+", null,
                "kernel panic: Couldn't open N_TTY ldisc", null, null, List.of());
        f.add(new Builder(new CrashFormat(IncidentKind.PANIC, "anic - not syncing: Fatal exception", Pattern.compile("Kernel [Pp]anic - not syncing: Fatal exception"),
                null, "kernel panic: Fatal exception", null, null, List.of(), FrameChoice.FIRST, true, true)));
        f.add(new Builder(new CrashFormat(IncidentKind.PANIC, "panic_on_warn", Pattern.compile("Kernel panic - not syncing: panic_on_warn set"),
                null, "kernel panic: panic_on_warn set", null, null, List.of(), FrameChoice.FIRST, true, true)));
        f.add(new Builder(new CrashFormat(IncidentKind.PANIC, "hung_task", Pattern.compile("Kernel panic - not syncing: hung_task: blocked tasks"),
                null, "kernel panic: hung_task: blocked tasks", null, null, List.of(), FrameChoice.FIRST, true, true)));
        addNoStack(f, IncidentKind.PANIC, "Kernel panic", "Kernel panic - not syncing: ?(.*?)\\s*$", null, "kernel panic: $1");
        addNoStack(f, IncidentKind.PANIC, "Kernel Panic", "Kernel Panic - not syncing: ?(.*?)\\s*$", null, "kernel panic: $1");
        addNoStack(f, IncidentKind.PANIC, "Kernel panic", "Kernel panic: ?(.*?)\\s*$", null, "kernel panic: $1");
        add(f, IncidentKind.DOUBLE_FAULT, "double fault", "PANIC: double fault", null, "PANIC: double fault in $F",
                List.of(RIP_FRAME), null, List.of());
        add(f, IncidentKind.DOUBLE_FAULT, "double fault", "double fault: ", null, "PANIC: double fault in $F",
                List.of(RIP_FRAME), null, List.of());

        // BUG() and friends.
        add(f, IncidentKind.BUG, "kernel BUG", "kernel BUG at mm/usercopy\\.c", null, "BUG: bad usercopy in $F", trace, null,
                List.of());
        add(f, IncidentKind.LIST_CORRUPTION, "kernel BUG", "kernel BUG at lib/list_debug\\.c", null, "BUG: corrupted list in $F",
                ripThenTrace, null, List.of());
        add(f, IncidentKind.BUG, "kernel BUG", "kernel BUG at (.*)", null, "kernel BUG in $F",
                List.of(Pattern.compile("(?:" + RIP_FRAME.pattern() + "|PC is at " + FUNC + "|pc : (?:" + PC + " )?" + FUNC + ")"),
                        CALL_TRACE, PARSE_STACK), trace, List.of());
        add(f, IncidentKind.BUG, "Kernel BUG", "Kernel BUG (.*)", null, "kernel BUG $1", null, null, List.of());
        add(f, IncidentKind.OOPS, "divide", "divide(?: |_)error: ", null, "divide error in $F", List.of(RIP_FRAME), null, List.of());
        add(f, IncidentKind.OOPS, "invalid opcode:", "invalid opcode: ", null, "invalid opcode in $F", List.of(RIP_FRAME), null, List.of());
        add(f, IncidentKind.LIST_CORRUPTION, "corruption", "list_(?:add|del) corruption", null, "BUG: corrupted list in $F",
                ripThenTrace, trace, List.of());
        addNoStack(f, IncidentKind.OTHER, "unregister_netdevice", "unregister_netdevice: waiting for (?:.*) to become free", null,
                "unregister_netdevice: waiting for DEV to become free");

        // arm/arm64.
        add(f, IncidentKind.OOPS, "Internal error:", "Internal error: ", null, "Internal error in $F",
                List.of(PC_FRAME, CALL_TRACE, PARSE_STACK), List.of(CALL_TRACE, PARSE_STACK), List.of());
        add(f, IncidentKind.OOPS, "Unhandled fault", "Unhandled fault: ", null, "Unhandled fault in $F",
                List.of(PC_FRAME, Pattern.compile("Backtrace:|Call trace:"), PARSE_STACK), null, List.of());
        add(f, IncidentKind.OOPS, "Alignment trap", "Alignment trap: ", null, "Alignment trap in $F",
                List.of(PC_FRAME, Pattern.compile("Backtrace:|Call trace:"), PARSE_STACK), null, List.of());
        addNoStack(f, IncidentKind.PANIC, "Bad mode in", "Bad mode in .* handler detected", null, "kernel panic: bad mode");

        // Old-style "Oops:" header without a BUG: line before it (2.4/2.6 i386, powerpc, arm); mips die() prints
        // "Oops[#1]:" (arch/mips/kernel/traps.c), riscv die() "Oops [#1]" (arch/riscv/kernel/traps.c).
        add(f, IncidentKind.OOPS, "Oops", "^\\s*Oops(?:: | ?\\[#[0-9]+\\]:?)", null, "Oops in $F",
                List.of(Pattern.compile("(?:" + RIP_FRAME.pattern() + "|EIP is at " + FUNC + "|PC is at " + FUNC + "|pc : (?:"
                        + PC + " )?" + FUNC + "|" + EPC + ")"), CALL_TRACE, PARSE_STACK), List.of(CALL_TRACE, PARSE_STACK), List.of());
        // Any other x86 die() report: __die() prints "<what>: <error code> [#<n>]" (arch/x86/kernel/dumpstack.c), e.g.
        // "int3: 0000 [#1]" from a kernel-mode breakpoint (traps.c exc_int3), "bounds: 0000 [#1]", "alignment check: ...".
        add(f, IncidentKind.OOPS, " [#", "^\\s*(?!Oops)([a-z][a-z0-9 ]{1,40}): [0-9a-f]{4} \\[#[0-9]+\\]", null, DIE_TEMPLATE,
                ripThenTrace, null, List.of());

        // Rust panics: titled by the panic message and the Rust path of the first frame outside the panic runtime.
        add(f, IncidentKind.PANIC, "rust_kernel: panicked", "rust_kernel: panicked at '(.+?)', ", null, "$1 in $F", trace, null, List.of());
        add(f, IncidentKind.PANIC, "rust_kernel: panicked", "rust_kernel: panicked at \\S+:[0-9]+:[0-9]+:?[ \\t]*(?=\\n|$)", "\\n\\s*(.+)",
                "$r1 in $F", trace, null, List.of());

        // Trusty TEE and syzkaller's own executor failures.
        addNoStack(f, IncidentKind.PANIC, "trusty: panic", "trusty: panic.* ASSERT FAILED",
                "trusty: panic \\(.*?\\):(?: DEBUG)? ASSERT FAILED at \\(.*?\\): (.+)", "trusty: ASSERT FAILED: $r1");
        f.add(new Builder(new CrashFormat(IncidentKind.PANIC, "trusty: panic", Pattern.compile("trusty: panic.* ASSERT FAILED.*: *(.*)"), null,
                "trusty: ASSERT FAILED: $1", null, null, List.of(), FrameChoice.FIRST, true, true)));
        addNoStack(f, IncidentKind.PANIC, "trusty: panic", "trusty: panic", "trusty: panic \\(.*?\\): (.+)", "trusty: panic: $r1");
        addNoStack(f, IncidentKind.OTHER, "VFS: Busy inodes", "VFS: Busy inodes after unmount", null,
                "VFS: Busy inodes after unmount (use-after-free)");
        // fs/open.c: a close found the file's count already 0. 2.6-3.x printk(KERN_ERR) it alone; 6.x kernels
        // (filp_flush) raise it through CHECK_DATA_CORRUPTION with the file's operations, "(f_op=%ps)", which names the
        // driver that dropped one reference too many: kept, without its module bracket.
        addNoStack(f, IncidentKind.OTHER, "VFS: Close: file count is 0", "VFS: Close: file count is 0 \\(f_op=([A-Za-z0-9_.]+)",
                null, "VFS: Close: file count is 0 (f_op=$1)");
        addNoStack(f, IncidentKind.OTHER, "VFS: Close: file count is 0", "VFS: Close: file count is 0", null,
                "VFS: Close: file count is 0");
        addNoStack(f, IncidentKind.OTHER, "SYZFAIL:", "^SYZFAIL: (.*?)\\s*$", null, "SYZFAIL: $1");
        addNoStack(f, IncidentKind.OTHER, "SYZFATAL:", "SYZFATAL: (.*?)\\s*$", null, "SYZFATAL: $1");

        // Headers no format above knows: titled by the header line itself, as syzkaller does.
        addNoStack(f, IncidentKind.BUG, "BUG:", "^\\s*\\[? ?(BUG: .*?)\\s*\\]?\\s*$", null, "$1");
        return f.stream().map(Builder::build).toList();
    }

    // --- small builders so the table above stays readable ---

    private static final class Builder {
        final IncidentKind kind;
        final String literal;
        final Pattern header;
        final Pattern report;
        final String template;
        final List<Pattern> stack;
        final List<Pattern> stack2;
        final List<String> skip;
        final boolean noStack;
        final boolean corrupted;
        FrameChoice choice = FrameChoice.FIRST;
        boolean directCaller;

        Builder(CrashFormat c) {
            this(c.kind(), c.literal(), c.header(), c.report(), c.template(), c.stack(), c.stack2(), c.skip(), c.noStackTrace(),
                    c.corrupted());
        }

        Builder(IncidentKind kind, String literal, Pattern header, Pattern report, String template, List<Pattern> stack,
                List<Pattern> stack2, List<String> skip, boolean noStack, boolean corrupted) {
            this.kind = kind;
            this.literal = literal;
            this.header = header;
            this.report = report;
            this.template = template;
            this.stack = stack;
            this.stack2 = stack2;
            this.skip = skip;
            this.noStack = noStack;
            this.corrupted = corrupted;
        }

        Builder stallExtractor() {
            choice = FrameChoice.STALL;
            return this;
        }

        Builder directCaller() {
            directCaller = true;
            return this;
        }

        Builder hangExtractor() {
            choice = FrameChoice.HANG;
            return this;
        }

        CrashFormat build() {
            return new CrashFormat(kind, literal, header, report, template, stack, stack2, skip, choice, noStack, corrupted,
                    directCaller);
        }
    }

    private static Builder add(List<Builder> f, IncidentKind kind, String literal, String header, String report, String template,
                               List<Pattern> stack, List<Pattern> stack2, List<String> skip) {
        Builder b = new Builder(kind, literal, Pattern.compile(header), report == null ? null : Pattern.compile(header + report),
                template, stack, stack2, skip, false, false);
        f.add(b);
        return b;
    }

    private static void addNoStack(List<Builder> f, IncidentKind kind, String literal, String header, String report, String template) {
        f.add(new Builder(kind, literal, Pattern.compile(header), report == null ? null : Pattern.compile(header + report),
                template, null, null, List.of(), true, false));
    }

    private static void warning(List<Builder> f, String literal, String header, String template, List<Pattern> stack,
                                List<String> skip) {
        add(f, IncidentKind.WARNING, literal, header, null, template, stack,
                List.of(CALL_TRACE, PARSE_STACK), skip);
    }

    private static void lockdep(List<Builder> f, String literal, String header, String trigger, String template) {
        addNoStack(f, IncidentKind.LOCKDEP, literal, header,
                "(?:.*\\n)+?.*" + trigger + "(?:.*\\n)+?.*at: (?:" + PC + " +)?" + FUNC, template);
    }
}
