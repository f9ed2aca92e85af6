package dev.crashtriage.kernel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where on a line a kernel report header can stand. The kernel prints a report header as a record of
 * its own: at the start of the message text, once the input layer has taken off the timestamp, level
 * and caller id. What may come before it is only what the kernel itself puts there:
 * <ul>
 *   <li>a {@code pr_fmt} tag, one or two words and a colon ({@code "rcu: INFO: rcu_sched self-detected
 *   stall"}, {@code "watchdog: BUG: soft lockup"}, {@code "NMI watchdog: BUG: ..."}, {@code "Oops: general
 *   protection fault"}), possibly followed by a second one ({@code "watchdog: CPU3: Watchdog detected hard
 *   LOCKUP on cpu 3"}, kernel/watchdog.c);</li>
 *   <li>the CPU number some architectures put first ({@code "CPU 0 Unable to handle kernel paging request at virtual
 *   address 00000004, epc == 8027a5c4"}, arch/mips/mm/fault.c);</li>
 *   <li>panic()'s own prefix, whose message can be a report header ({@code "Kernel panic - not syncing: Watchdog
 *   detected hard LOCKUP on cpu 0"}, kernel/panic.c);</li>
 *   <li>the bracket of the old lockdep banners ({@code "[ INFO: possible circular locking dependency
 *   detected ]"});</li>
 *   <li>a log prefix the input layer left on the line: a capture tool's date and time ({@code "2018/01/09 14:28:48 BUG:
 *   memory leak"}), a bracketed stamp ({@code "[So Feb 25 13:36:36 2024] WARNING: ..."}), a syslog line up to
 *   {@code "kernel: "};</li>
 *   <li>another kernel message whose newline was lost, glued to the header without a space
 *   ({@code "...user memory accessgeneral protection fault: 0000 [#1]"}) or ended by a level marker
 *   ({@code "...<0>"}).</li>
 * </ul>
 * Anything else (a shell command, a test harness echoing {@code BUG:} strings, quoted text, a
 * kselftest {@code "# "} line) quotes a header inside other text: it is not a report.
 */
final class HeaderPlacement {

    /** A pr_fmt tag: one or two words, a colon and a space, nothing else ("rcu: ", "NMI watchdog: "). */
    private static final Pattern TAG = Pattern.compile("\\s*(?:(?:[A-Za-z][A-Za-z0-9_.-]{0,30} )?[A-Za-z][A-Za-z0-9_.-]{0,30}: \\s*){1,2}");
    /**
     * Log prefixes left on the line: a capture tool's own time stamp ("2018/01/09 14:28:48 "), bracketed stamps and ids
     * ("[So Feb 25 13:36:36 2024] ", "[  12.345678][ T123] "), a syslog line up to its "kernel: " tag.
     */
    private static final Pattern LOG_PREFIX = Pattern.compile("\\s*(?:[0-9]{4}[/-][0-9]{2}[/-][0-9]{2}[ T][0-9:.]+ "
            + "|(?:\\[[^\\[\\]]{0,48}[0-9][^\\[\\]]{0,48}\\]\\s*){1,3}|[^\"'`$|#\\[]{0,80}?\\bkernel: )");

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
        Matcher prefix = LOG_PREFIX.matcher(before);
        if (prefix.lookingAt()) {
            // A log prefix the input layer did not take off (a dmesg -T stamp in another language, a syslog line it
            // could not parse): what follows it is the record's text.
            before = before.substring(prefix.end());
        }
        if (before.isBlank() || before.strip().equals("[")) {
            return true;
        }
        char last = before.charAt(before.length() - 1);
        if (Character.isLetterOrDigit(last) || last == '.' || last == '>' && before.matches(".*<[0-7]>")) {
            // Glued: the previous message lost its newline (no separator between it and the header).
            return !isQuoting(before);
        }
        return TAG.matcher(before).matches() || PANIC.matcher(before).matches() || CPU.matcher(before).matches();
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
