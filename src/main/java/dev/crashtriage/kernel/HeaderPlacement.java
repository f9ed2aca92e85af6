package dev.crashtriage.kernel;

import java.util.regex.Pattern;

/**
 * Where on a line a kernel report header can stand. The kernel prints a report header as a record of
 * its own: at the start of the message text, once the input layer has taken off the timestamp, level
 * and caller id. What may come before it is only what the kernel itself puts there:
 * <ul>
 *   <li>a {@code pr_fmt} tag, one or two words and a colon ({@code "rcu: INFO: rcu_sched self-detected
 *   stall"}, {@code "watchdog: BUG: soft lockup"}, {@code "NMI watchdog: BUG: ..."}, {@code "Oops: general
 *   protection fault"});</li>
 *   <li>the CPU number some architectures put first ({@code "CPU 0 Unable to handle kernel paging request at virtual
 *   address 00000004, epc == 8027a5c4"}, arch/mips/mm/fault.c);</li>
 *   <li>panic()'s own prefix, whose message can be a report header ({@code "Kernel panic - not syncing: Watchdog
 *   detected hard LOCKUP on cpu 0"}, kernel/panic.c);</li>
 *   <li>the bracket of the old lockdep banners ({@code "[ INFO: possible circular locking dependency
 *   detected ]"});</li>
 *   <li>a capture tool's date and time ({@code "2018/01/09 14:28:48 BUG: memory leak"});</li>
 *   <li>another kernel message whose newline was lost, glued to the header without a space
 *   ({@code "...user memory accessgeneral protection fault: 0000 [#1]"}) or ended by a level marker
 *   ({@code "...<0>"}).</li>
 * </ul>
 * Anything else (a shell command, a test harness echoing {@code BUG:} strings, quoted text, a
 * kselftest {@code "# "} line) quotes a header inside other text: it is not a report.
 */
final class HeaderPlacement {

    /** A pr_fmt tag: one or two words, a colon and a space, nothing else ("rcu: ", "NMI watchdog: "). */
    private static final Pattern TAG = Pattern.compile("\\s*(?:[A-Za-z][A-Za-z0-9_.-]{0,30} )?[A-Za-z][A-Za-z0-9_.-]{0,30}: \\s*");
    /** A capture tool's own time stamp ("2018/01/09 14:28:48 "). */
    private static final Pattern CAPTURE_TIME = Pattern.compile("\\s*[0-9]{4}[/-][0-9]{2}[/-][0-9]{2}[ T][0-9:.]+ ");

    /** panic()'s prefix (kernel/panic.c), "Kernel panic - not syncing: " (older kernels: "Kernel Panic"). */
    private static final Pattern PANIC = Pattern.compile("\\s*Kernel [Pp]anic - not syncing: ?");

    /** A CPU number before the header ("CPU 0 "). */
    private static final Pattern CPU = Pattern.compile("\\s*(?:CPU|Cpu)[ #]?[0-9]+:? ");

    private HeaderPlacement() {
    }

    /** Whether a header found at {@code start} of {@code line} stands where the kernel prints one. */
    static boolean atReportStart(String line, int start) {
        if (start == 0) {
            return true;
        }
        String before = line.substring(0, start);
        if (before.isBlank() || before.strip().equals("[")) {
            return true;
        }
        char last = before.charAt(before.length() - 1);
        if (Character.isLetterOrDigit(last) || last == '.' || last == '>' && before.matches(".*<[0-7]>")) {
            // Glued: the previous message lost its newline (no separator between it and the header).
            return !isQuoting(before);
        }
        return TAG.matcher(before).matches() || CAPTURE_TIME.matcher(before).matches() || PANIC.matcher(before).matches()
                || CPU.matcher(before).matches();
    }

    /** Quote marks and shell syntax before a header mean it is quoted inside other text. */
    private static boolean isQuoting(String before) {
        for (int i = 0; i < before.length(); i++) {
            char c = before.charAt(i);
            if (c == '"' || c == '\'' || c == '`' || c == '$' || c == '|' || c == '#') {
                return true;
            }
        }
        return false;
    }
}
