package dev.crashtriage.input;

import java.util.ArrayList;
import java.util.List;
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
    /**
     * Lines before the first entry ("-- Logs begin at ... --" heads every dump) have no host yet: held back and
     * given the first entry's host, so they do not become a host-less stream (an extra, empty result).
     */
    private final List<LogRecord> beforeFirstHost = new ArrayList<>();
    private static final int MAX_HELD = 64;

    JournalTextRecordParser(String source) {
        this.source = source;
        this.kernel = new KernelLineParser(source);
    }

    @Override
    public void parse(long lineNo, String line, Consumer<LogRecord> out) {
        if (line.startsWith("-- ")) {
            emit(new LogRecord(source, lineNo, lastHost, Double.NaN, null, -1, null, JOURNAL_PROGRAM, false, line), out);
            return;
        }
        if (!header.parse(line)) {
            emit(new LogRecord(source, lineNo, lastHost, Double.NaN, null, -1, null, null, false, line), out);
            return;
        }
        lastHost = header.host;
        if (!beforeFirstHost.isEmpty()) {
            for (LogRecord r : beforeFirstHost) {
                out.accept(new LogRecord(r.source(), r.line(), lastHost, r.monoTime(), r.wallTime(), r.level(),
                        r.callerId(), r.program(), r.kernel(), r.text()));
            }
            beforeFirstHost.clear();
        }
        if ("kernel".equals(header.program)) {
            kernel.parse(lineNo, header.host, header.wallTime, header.monoTime, header.level, "kernel", line,
                    header.messageStart, out);
        } else {
            out.accept(new LogRecord(source, lineNo, header.host, header.monoTime, header.wallTime, header.level, null,
                    header.program, false, line.substring(header.messageStart)));
        }
    }

    private void emit(LogRecord r, Consumer<LogRecord> out) {
        if (lastHost == null && beforeFirstHost.size() < MAX_HELD) {
            beforeFirstHost.add(r);
        } else {
            flushHeld(out);
            out.accept(r);
        }
    }

    private void flushHeld(Consumer<LogRecord> out) {
        beforeFirstHost.forEach(out);
        beforeFirstHost.clear();
    }

    @Override
    public void finish(Consumer<LogRecord> out) {
        flushHeld(out); // a dump without any entry ("-- No entries --")
    }

    /** True for the lines journalctl writes between entries. */
    static boolean isMarker(String line) {
        return line.startsWith("-- Logs begin at ") || line.startsWith("-- Journal begins at ")
                || line.startsWith("-- Boot ") || line.equals("-- Reboot --") || line.equals("-- No entries --");
    }
}
