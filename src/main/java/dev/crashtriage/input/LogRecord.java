package dev.crashtriage.input;

/**
 * One log line after its format's envelope (timestamps, syslog header, journal fields) has been
 * taken apart: what every later stage of the pipeline reads.
 *
 * @param source   the input as the user named it ("-" for stdin), plus "!entry" for an archive member
 * @param line     1-based line number in the original (decompressed) input
 * @param host     host name where the format carries one, else null
 * @param monoTime kernel monotonic time in seconds ({@code [ 8812.114230]}), NaN when unknown
 * @param wallTime wall-clock time as ISO-8601 text where the format gives one (year may be absent), else null
 * @param level    printk level 0..7, or -1 when unknown
 * @param callerId printk caller id without brackets ("T3121", "C2"), else null
 * @param program  the program that wrote the line ("kernel" for kernel lines), null when the format has none
 * @param kernel   true when the line came from the kernel (or may have: formats without program names)
 * @param text     the message text, control characters and ANSI escapes removed
 */
public record LogRecord(String source, long line, String host, double monoTime, String wallTime,
                        int level, String callerId, String program, boolean kernel, String text) {

    public boolean hasMonoTime() {
        return !Double.isNaN(monoTime);
    }

    /** A kernel record with only a text: what the plain/serial formats and tests build. */
    public static LogRecord plain(String source, long line, String text) {
        return new LogRecord(source, line, null, Double.NaN, null, -1, null, null, true, text);
    }

    public LogRecord withText(String newText) {
        return new LogRecord(source, line, host, monoTime, wallTime, level, callerId, program, kernel, newText);
    }

    public LogRecord withWallTime(String newWallTime) {
        return new LogRecord(source, line, host, monoTime, newWallTime, level, callerId, program, kernel, text);
    }
}
