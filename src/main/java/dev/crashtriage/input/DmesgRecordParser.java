package dev.crashtriage.input;

import java.util.function.Consumer;

/**
 * Raw {@code dmesg} output: {@code [ 8812.114230] text}, with caller ids ({@code [ 8812.114230][ T3121] text})
 * and {@code dmesg -r} level prefixes ({@code <6>[    0.000000] ...}). Lines without a timestamp are kept
 * as kernel text (continuations, pasted fragments).
 */
final class DmesgRecordParser implements RecordParser {
    private final KernelLineParser kernel;

    DmesgRecordParser(String source) {
        this.kernel = new KernelLineParser(source);
    }

    @Override
    public void parse(long lineNo, String line, Consumer<LogRecord> out) {
        kernel.parse(lineNo, null, null, Double.NaN, -1, "kernel", line, 0, out);
    }
}
