package dev.crashtriage.input;

import java.util.function.Consumer;

/**
 * BSD syslog files ({@code Mar 14 02:31:52 host kernel: [ 123.456] text}, with or without the inner
 * kernel timestamp, with or without a {@code <PRI>}), RFC 3339 timestamps as rsyslog writes them, and
 * rsyslog's control-character escapes: {@code #012} is a newline inside a message (the message becomes
 * several records that share the line number) and {@code #011} a tab.
 */
final class SyslogRecordParser implements RecordParser {
    private final String source;
    private final KernelLineParser kernel;
    private final SyslogHeader header = new SyslogHeader();
    private String lastHost;

    SyslogRecordParser(String source) {
        this.source = source;
        this.kernel = new KernelLineParser(source);
    }

    @Override
    public void parse(long lineNo, String line, Consumer<LogRecord> out) {
        if (!header.parse(line)) {
            // A line without a header continues the previous message; it stays with that host.
            out.accept(new LogRecord(source, lineNo, lastHost, Double.NaN, null, -1, null, null, false, line));
            return;
        }
        lastHost = header.host;
        int start = header.messageStart;
        if (line.indexOf("#0", start) < 0) {
            emit(lineNo, line, start, out);
            return;
        }
        String unescaped = RsyslogEscapes.unescape(line.substring(start));
        int from = 0;
        int nl;
        while ((nl = unescaped.indexOf('\n', from)) >= 0) {
            emit(lineNo, unescaped.substring(from, nl), 0, out);
            from = nl + 1;
        }
        emit(lineNo, from == 0 ? unescaped : unescaped.substring(from), 0, out);
    }

    private void emit(long lineNo, String text, int start, Consumer<LogRecord> out) {
        if ("kernel".equals(header.program)) {
            kernel.parse(lineNo, header.host, header.wallTime, header.monoTime, header.level, "kernel", text, start, out);
        } else {
            out.accept(new LogRecord(source, lineNo, header.host, header.monoTime, header.wallTime, header.level, null,
                    header.program, false, start == 0 ? text : text.substring(start)));
        }
    }
}
