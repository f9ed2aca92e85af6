package dev.crashtriage.input;

import java.util.function.Consumer;

/**
 * {@code journalctl} text output: short, short-precise, short-iso and short-monotonic. The markers
 * journalctl writes between entries ({@code -- Logs begin at ...}, {@code -- Boot 1a2b... --},
 * {@code -- Reboot --}) become records of the program "journal" so the kernel layer can see boots.
 */
final class JournalTextRecordParser implements RecordParser {
    static final String JOURNAL_PROGRAM = "journal";

    private final String source;
    private final KernelLineParser kernel;
    private final SyslogHeader header = new SyslogHeader();
    private String lastHost;

    JournalTextRecordParser(String source) {
        this.source = source;
        this.kernel = new KernelLineParser(source);
    }

    @Override
    public void parse(long lineNo, String line, Consumer<LogRecord> out) {
        if (line.startsWith("-- ")) {
            out.accept(new LogRecord(source, lineNo, lastHost, Double.NaN, null, -1, null, JOURNAL_PROGRAM, false,
                    line));
            return;
        }
        if (!header.parse(line)) {
            out.accept(new LogRecord(source, lineNo, lastHost, Double.NaN, null, -1, null, null, false, line));
            return;
        }
        lastHost = header.host;
        if ("kernel".equals(header.program)) {
            kernel.parse(lineNo, header.host, header.wallTime, header.monoTime, header.level, "kernel", line,
                    header.messageStart, out);
        } else {
            out.accept(new LogRecord(source, lineNo, header.host, header.monoTime, header.wallTime, header.level, null,
                    header.program, false, line.substring(header.messageStart)));
        }
    }

    /** True for the lines journalctl writes between entries. */
    static boolean isMarker(String line) {
        return line.startsWith("-- Logs begin at ") || line.startsWith("-- Journal begins at ")
                || line.startsWith("-- Boot ") || line.equals("-- Reboot --") || line.equals("-- No entries --");
    }
}
