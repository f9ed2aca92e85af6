package dev.crashtriage.input;

import java.util.function.Consumer;

/**
 * Serial-console captures (IPMI SOL, virsh console, QEMU -serial file): kernel lines mixed with firmware
 * and bootloader noise, systemd status lines ({@code [  OK  ] Started ...}) and login prompts that the
 * console glued in front of a kernel line ({@code myhost login: [  123.4] BUG: ...}). Whatever stands
 * before an embedded kernel timestamp is split off as a non-kernel record.
 */
final class SerialConsoleRecordParser implements RecordParser {
    private final String source;
    private final KernelLineParser kernel;

    SerialConsoleRecordParser(String source) {
        this.source = source;
        this.kernel = new KernelLineParser(source);
    }

    @Override
    public void parse(long lineNo, String line, Consumer<LogRecord> out) {
        if (line.isEmpty() || line.charAt(0) == '<' || KernelLineParser.timestampEnd(line, 0) > 0) {
            kernel.parse(lineNo, null, null, Double.NaN, -1, null, line, 0, out);
            return;
        }
        if (isSystemdStatus(line)) {
            out.accept(new LogRecord(source, lineNo, null, Double.NaN, null, -1, null, "systemd", false, line));
            return;
        }
        int stamp = embeddedTimestamp(line);
        if (stamp > 0) {
            String before = line.substring(0, stamp).strip();
            if (!before.isEmpty()) {
                out.accept(new LogRecord(source, lineNo, null, Double.NaN, null, -1, null,
                        before.endsWith("login:") ? "login" : null, false, before));
            }
            kernel.parse(lineNo, null, null, Double.NaN, -1, null, line, stamp, out);
            return;
        }
        // Without a timestamp a line may be the kernel's (printk.time=0) or the firmware's; keep it as possible kernel text.
        kernel.parse(lineNo, null, null, Double.NaN, -1, null, line, 0, out);
    }

    /** {@code [  OK  ]}, {@code [FAILED]}, {@code [ INFO ]}, {@code [  *** ]}: eight characters in brackets, no digits. */
    static boolean isSystemdStatus(String line) {
        if (line.length() < 8 || line.charAt(0) != '[' || line.charAt(7) != ']') {
            return false;
        }
        boolean letters = false;
        for (int i = 1; i < 7; i++) {
            char c = line.charAt(i);
            if (c >= 'A' && c <= 'Z' || c == '*') {
                letters = true;
            } else if (c != ' ') {
                return false;
            }
        }
        return letters;
    }

    /** Index of a kernel timestamp after other text on the line, or -1. */
    static int embeddedTimestamp(String line) {
        int at = line.indexOf('[', 1);
        while (at > 0) {
            if (KernelLineParser.timestampEnd(line, at) > 0) {
                return at;
            }
            at = line.indexOf('[', at + 1);
        }
        return -1;
    }
}
