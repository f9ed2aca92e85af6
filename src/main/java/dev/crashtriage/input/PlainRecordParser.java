package dev.crashtriage.input;

import java.util.function.Consumer;

/**
 * Text with no envelope at all: plain netconsole captured with netcat, pasted oopses. Every line may be
 * kernel text; printk prefixes that happen to be there ({@code <4>}, timestamps) are still taken apart,
 * and repeated or interleaved lines are passed on as they are for the kernel layer to judge.
 */
final class PlainRecordParser implements RecordParser {
    private final KernelLineParser kernel;

    PlainRecordParser(String source) {
        this.kernel = new KernelLineParser(source);
    }

    /** What is left of a syslog or journal line when a paste cuts off its date and host: the program tag. */
    private static final String KERNEL_TAG = "kernel: ";

    @Override
    public void parse(long lineNo, String line, Consumer<LogRecord> out) {
        boolean tagged = line.startsWith(KERNEL_TAG);
        kernel.parse(lineNo, null, null, Double.NaN, -1, tagged ? "kernel" : null, line, tagged ? KERNEL_TAG.length() : 0, out);
    }
}
