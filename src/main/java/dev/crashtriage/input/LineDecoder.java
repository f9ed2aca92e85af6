package dev.crashtriage.input;

import java.util.function.Consumer;

/**
 * The record parser of one log format for a source that delivers lines rather than a byte stream (the UDP
 * listener: plain netconsole and syslog relays). The same parsers and the same text cleaning as files, and
 * the same safety: a parser bug on one strange line keeps that line as plain text and is counted.
 */
public final class LineDecoder {
    private final RecordParser parser;
    private final String source;
    private long unparsed;

    public LineDecoder(LogFormat format, String source) {
        this.parser = RecordParser.forFormat(format, source);
        this.source = source;
    }

    /** Cleans a line's bytes as files' lines are cleaned: UTF-8 with replacement, control characters and ANSI escapes removed. */
    public static String clean(byte[] b, int off, int len) {
        return TextCleaner.clean(b, off, len);
    }

    public void line(long lineNo, String text, Consumer<LogRecord> out) {
        try {
            parser.parse(lineNo, text, out);
        } catch (RuntimeException e) {
            unparsed++;
            out.accept(LogRecord.plain(source, lineNo, text));
        }
    }

    public void finish(Consumer<LogRecord> out) {
        try {
            parser.finish(out);
        } catch (RuntimeException e) {
            unparsed++;
        }
    }

    /** Lines a parser failed on (kept as plain text): a bug to report. */
    public long unparsed() {
        return unparsed;
    }
}
