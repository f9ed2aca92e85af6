package dev.crashtriage.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one input into records: decompression, UTF-16, line splitting and cleaning, format detection
 * on the first lines (which are then replayed), parsing. Never throws for what it finds in the bytes:
 * damage and cut lines come back as problems in the summary, and every record read before a damaged
 * part is still delivered.
 */
public final class LogReader {
    /** How many lines, and how many characters at most, the format sniffer sees. */
    static final int SNIFF_LINES = 1000;
    static final int SNIFF_CHARS = 1 << 20;

    private final InputLimits limits;

    public LogReader() {
        this(InputLimits.defaults());
    }

    public LogReader(InputLimits limits) {
        this.limits = limits;
    }

    public ReadSummary read(InputStream raw, String source, LogFormat forced, Consumer<LogRecord> sink)
            throws IOException {
        List<InputProblem> problems = new ArrayList<>();
        DecodedInput input;
        try {
            input = DecodedInput.open(raw);
        } catch (IOException e) {
            // only a compressed input has a header to fail on before the first line
            problems.add(new InputProblem(source, describe(e, "compressed", 0), true));
            return new ReadSummary(forced != null ? forced : LogFormat.PLAIN, 0, 0, 0, null, List.copyOf(problems));
        }
        LineSplitter lines = new LineSplitter(input.stream(), limits.maxLineBytes());

        List<String> sample = new ArrayList<>();
        int sampleChars = 0;
        LogFormat format = forced;
        // a forced format is checked against the lines (see EnvelopeCount), and the sample says what they are instead
        EnvelopeCount envelopes = forced == null || forced == LogFormat.PLAIN || forced == LogFormat.SERIAL ? null
                : new EnvelopeCount(sink, forced);
        if (format == null || envelopes != null) {
            String line;
            while (sample.size() < SNIFF_LINES && sampleChars < SNIFF_CHARS && (line = lines.next()) != null) {
                sample.add(sample.isEmpty() ? withoutBom(line) : line);
                sampleChars += line.length();
            }
            if (format == null) {
                format = FormatSniffer.sniff(sample);
            }
        }
        if (envelopes != null) {
            sink = envelopes;
        }
        RecordParser parser = RecordParser.forFormat(format, source);
        long lineNo = 0;
        long unparsed = 0;
        for (String line : sample) {
            unparsed += parse(parser, ++lineNo, line, source, sink);
        }
        if (parser instanceof AsciiLineParser) {
            lines.parseAsciiWith((AsciiLineParser) parser, sink);
        }
        String line;
        while ((line = lines.next()) != null) {
            lineNo++;
            if (line != LineSplitter.PARSED) {
                unparsed += parse(parser, lineNo, lineNo == 1 ? withoutBom(line) : line, source, sink);
            }
        }
        try {
            parser.finish(sink);
        } catch (RuntimeException e) {
            unparsed++;
        }
        if (unparsed > 0) {
            problems.add(new InputProblem(source, unparsed + " lines could not be taken apart as " + format.id()
                    + " and were kept as plain text (a bug: please report it)", false));
        }

        if (envelopes != null && envelopes.lines > 0 && envelopes.enveloped * 2 < envelopes.lines) {
            LogFormat detected = FormatSniffer.sniff(sample);
            problems.add(new InputProblem(source, "--input-format " + format.id() + " does not fit this input: only "
                    + envelopes.enveloped + " of " + envelopes.lines + " lines carry its envelope (timestamp, header "
                    + "or fields), the rest were read as bare text" + (detected == format ? ""
                    : "; detected, it reads as " + detected.id() + " (drop --input-format)"), true,
                    InputProblem.Kind.INPUT_FORMAT));
        }
        IOException failure = lines.failure();
        if (failure != null) {
            problems.add(new InputProblem(source, describe(failure, input.compression(), lines.bytes()), true));
        }
        if (lines.cutLines() > 0) {
            problems.add(new InputProblem(source, lines.cutLines() + (lines.cutLines() == 1 ? " line" : " lines")
                    + " longer than " + limits.maxLineBytes() + " bytes cut to that length", false));
        }
        return new ReadSummary(format, lineNo, lines.bytes(), lines.cutLines(), input.compression(),
                List.copyOf(problems));
    }

    /**
     * Counts, for a forced format, the lines whose records carry something of that format's envelope
     * (a time, a level, a host, a program): a wrong format turns nearly every line into bare text.
     */
    private static final class EnvelopeCount implements Consumer<LogRecord> {
        private final Consumer<LogRecord> sink;
        /** Syslog and journal formats are told by their header (host, program, date); the others by time or level. */
        private final boolean header;
        long lines;
        long enveloped;
        private long lastLine = -1;
        private long lastEnveloped = -1;

        EnvelopeCount(Consumer<LogRecord> sink, LogFormat format) {
            this.sink = sink;
            this.header = format == LogFormat.SYSLOG || format == LogFormat.RFC5424 || format == LogFormat.JOURNAL_TEXT
                    || format == LogFormat.JOURNAL_JSON;
        }

        private boolean enveloped(LogRecord r) {
            return header ? r.host() != null || r.program() != null || r.wallTime() != null
                    : r.hasMonoTime() || r.wallTime() != null || r.level() >= 0;
        }

        @Override
        public void accept(LogRecord r) {
            if (r.line() != lastLine) {
                lastLine = r.line();
                lines++;
            }
            if (r.line() != lastEnveloped && enveloped(r)) {
                lastEnveloped = r.line();
                enveloped++;
            }
            sink.accept(r);
        }
    }

    /** A parser bug on one strange line must not cost the rest of the input: the line is kept as plain text. */
    private static int parse(RecordParser parser, long lineNo, String line, String source, Consumer<LogRecord> sink) {
        try {
            parser.parse(lineNo, line, sink);
            return 0;
        } catch (RuntimeException e) {
            sink.accept(new LogRecord(source, lineNo, null, Double.NaN, null, -1, null, null, true, line));
            return 1;
        }
    }

    private static String describe(IOException e, String compression, long bytes) {
        String msg = e.getMessage() != null ? e.getMessage()
                : e instanceof java.io.EOFException ? "unexpected end of data" : "unreadable data";
        if (e instanceof ReadBoundException) {
            return msg;
        }
        if (compression != null) {
            return "damaged or truncated " + compression + " data after " + bytes
                    + " decompressed bytes (what came before was analysed): " + msg;
        }
        return "read error after " + bytes + " bytes (what came before was analysed): " + msg;
    }

    private static String withoutBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
