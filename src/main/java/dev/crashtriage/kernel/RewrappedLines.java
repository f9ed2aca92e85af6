package dev.crashtriage.kernel;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Rejoins kernel lines that a mail client or a terminal paste wrapped in two, where the two halves are
 * clearly one printk line: a WARNING header cut after "at" or before its function, an x86 page-fault
 * header cut before its address, a panic line whose message runs on, and a stack frame cut inside its offset. Only a continuation that carries no timestamp of its own counts (a real next record
 * always has one in a timestamped log), and only these shapes: prose that happens to end in "at" is
 * never joined.
 */
final class RewrappedLines {
    /** "WARNING: CPU: 2 PID: 2383 at" with the file and function on the next line. */
    private static final Pattern HEADER_CUT_AT = Pattern.compile("WARNING: CPU: [0-9]+ PID: [0-9]+ at$");
    /** "WARNING: CPU: 2 PID: 2383 at fs/ext4/inode.c:3590" with the function on the next line. */
    private static final Pattern HEADER_CUT_FUNC = Pattern.compile("WARNING: CPU: [0-9]+ PID: [0-9]+ at \\S+\\.[ch]:[0-9]+$");
    private static final Pattern SOURCE_START = Pattern.compile("^\\s*\\S+\\.[ch]:[0-9]+ \\S");
    private static final Pattern FUNCTION_START = Pattern.compile("^\\s*[A-Za-z_][A-Za-z0-9_.]*\\+0x[0-9a-f]+");
    /** A frame cut inside its offset: " ext4_da_write_begin+0x" / "+0x1a/" / "+0x1a/0x". */
    private static final Pattern FRAME_CUT = Pattern.compile(
            "^\\s*(?:\\[<?[0-9a-f]+>?\\]\\s*){0,2}(?:\\?\\s+)?[A-Za-z_][A-Za-z0-9_.]*\\+(?:0x[0-9a-f]*(?:/(?:0x[0-9a-f]*)?)?)?$");
    private static final Pattern OFFSET_REST = Pattern.compile("^[0-9a-fx/]+(?:\\s|$)");

    /**
     * An x86 page-fault header always ends in the faulting address ("... at 0000000000000008", 5.x "address:
     * 0000000000000008", "... at (null)", arch/x86/mm/fault.c): one that does not is cut.
     */
    private static final Pattern FAULT_HEADER_CUT = Pattern.compile(
            "^BUG: (?:unable to handle|kernel NULL pointer)(?!.*(?:[0-9a-f]{8,}|\\(null\\))\\s*$).*$");
    private static final Pattern FAULT_HEADER_REST = Pattern.compile("^\\s*[a-zA-Z(:,].*(?:[0-9a-f]{8,}|\\(null\\))\\s*$");
    /** panic()'s line (kernel/panic.c): its message is free text, so only a following line without a stamp continues it. */
    private static final Pattern PANIC_LINE = Pattern.compile("^Kernel panic - not syncing: \\S");
    /** Text a wrapped panic message continues with: words, device names, numbers; never a frame, register or record of its own. */
    private static final Pattern PANIC_REST = Pattern.compile("^[a-zA-Z0-9(\\-][^\\[\\]<>]*$");

    private RewrappedLines() {
    }

    private static final String WARNING_HEADER = "WARNING: CPU:";
    private static final String FAULT_HEADER = "BUG: ";
    private static final String PANIC_HEADER = "Kernel panic - not syncing: ";
    /** Every cut header holds one of these: with {@link #mayEndInCutFrame} they cover each line {@link #mayBeCut} holds. */
    static final List<String> CUT_HEADER_LITERALS = List.of(WARNING_HEADER, FAULT_HEADER, PANIC_HEADER);

    /** Whether a line may be the first half of a wrapped one (it is then held until the next line). */
    static boolean mayBeCut(String text) {
        int n = text.length();
        if (n < 6) {
            return false;
        }
        char last = text.charAt(n - 1);
        if (last == 't' && text.indexOf(WARNING_HEADER) >= 0) {
            return HEADER_CUT_AT.matcher(text).find();
        }
        if (Character.isDigit(last) && text.indexOf(WARNING_HEADER) >= 0) {
            return HEADER_CUT_FUNC.matcher(text).find();
        }
        if (text.startsWith(FAULT_HEADER) && FAULT_HEADER_CUT.matcher(text).matches() || text.startsWith(PANIC_HEADER)) {
            return true;
        }
        return mayEndInCutFrame(text) && FRAME_CUT.matcher(text).find();
    }

    /** The cheap half of the cut-frame test, without its pattern: a "+" and a last character an offset may end in. */
    static boolean mayEndInCutFrame(String text) {
        int n = text.length();
        if (n < 6) {
            return false;
        }
        char last = text.charAt(n - 1);
        return (last == '+' || last == 'x' || last == '/' || Character.isDigit(last) || last >= 'a' && last <= 'f')
                && text.indexOf('+') > 0;
    }

    /** The two halves as one line, or null when the second does not continue the first. */
    static String join(String first, String second) {
        if (HEADER_CUT_AT.matcher(first).find() && SOURCE_START.matcher(second).find()) {
            return first + " " + second.strip();
        }
        if (HEADER_CUT_FUNC.matcher(first).find() && FUNCTION_START.matcher(second).find()) {
            return first + " " + second.strip();
        }
        if (FRAME_CUT.matcher(first).find() && OFFSET_REST.matcher(second).find()) {
            return first + second;
        }
        if (first.startsWith("BUG: ") && FAULT_HEADER_CUT.matcher(first).matches() && FAULT_HEADER_REST.matcher(second).matches()) {
            return first + " " + second.strip();
        }
        return null;
    }

    /**
     * The two halves as one line when the first carried a printk timestamp and the second none (a stamped log
     * wrapped by a mail client), for the shapes that only that evidence can tell: a panic message that runs on.
     */
    static String joinAfterStamp(String first, String second) {
        String joined = join(first, second);
        if (joined != null) {
            return joined;
        }
        if (PANIC_LINE.matcher(first).find() && !second.isBlank() && second.length() < 80 && PANIC_REST.matcher(second).matches()) {
            return first + " " + second.strip();
        }
        return null;
    }
}
