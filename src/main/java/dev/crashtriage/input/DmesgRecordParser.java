package dev.crashtriage.input;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Raw {@code dmesg} output: {@code [ 8812.114230] text}, with caller ids ({@code [ 8812.114230][ T3121] text})
 * and {@code dmesg -r} level prefixes ({@code <6>[    0.000000] ...}). Lines without a timestamp are kept
 * as kernel text (continuations, pasted fragments).
 */
final class DmesgRecordParser implements RecordParser, AsciiLineParser {
    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    private final String source;
    private final KernelLineParser kernel;

    DmesgRecordParser(String source) {
        this.source = source;
        this.kernel = new KernelLineParser(source);
    }

    /**
     * The common {@code [ seconds.fraction] text} and {@code [ seconds.fraction][ T123] text} lines;
     * anything else (level prefixes, glued levels, no timestamp) goes the String way.
     */
    @Override
    public boolean parseAscii(long lineNo, byte[] b, int off, int len, Consumer<LogRecord> out) {
        int end = off + len;
        if (len < 4 || b[off] != '[') {
            return false;
        }
        int j = off + 1;
        while (j < end && b[j] == ' ') {
            j++;
        }
        int digits = j;
        long whole = 0;
        while (j < end && b[j] >= '0' && b[j] <= '9') {
            whole = whole * 10 + (b[j++] - '0');
        }
        if (j == digits || j - digits > 12 || j >= end || b[j] != '.') {
            return false;
        }
        int frac = ++j;
        long fraction = 0;
        while (j < end && b[j] >= '0' && b[j] <= '9') {
            fraction = fraction * 10 + (b[j++] - '0');
        }
        if (j == frac || j - frac > 9 || j >= end || b[j] != ']') {
            return false;
        }
        double mono = whole + fraction / POW10[j - frac];
        j++;
        String caller = null;
        if (j < end && b[j] == '[') {
            int k = j + 1;
            while (k < end && b[k] == ' ') {
                k++;
            }
            int idStart = k;
            if (k < end && (b[k] == 'T' || b[k] == 'C')) {
                k++;
                int d = k;
                while (k < end && b[k] >= '0' && b[k] <= '9') {
                    k++;
                }
                if (k > d && k < end && b[k] == ']') {
                    caller = new String(b, idStart, k - idStart, StandardCharsets.ISO_8859_1);
                    j = k + 1;
                }
            }
        }
        if (j < end && b[j] == ' ') {
            j++;
        }
        String text = new String(b, j, end - j, StandardCharsets.ISO_8859_1);
        if (KernelLineParser.findGluedLevel(text, 0) >= 0 || KernelLineParser.findGluedTimestamp(text, 0) >= 0
                || !text.isEmpty() && text.charAt(0) == '<') {
            // Glued records and repeated console prefixes are taken apart the String way.
            return false;
        }
        out.accept(new LogRecord(source, lineNo, null, mono, null, -1, caller, "kernel", true, text));
        return true;
    }

    @Override
    public void parse(long lineNo, String line, Consumer<LogRecord> out) {
        kernel.parse(lineNo, null, null, Double.NaN, -1, "kernel", line, 0, out);
    }
}
