package dev.crashtriage.input;

import java.util.function.Consumer;

/**
 * RFC 5424 syslog: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG}, where "-"
 * stands for an absent field and MSG may start with a UTF-8 byte order mark.
 */
final class Rfc5424RecordParser implements RecordParser {
    private final String source;
    private final KernelLineParser kernel;
    private String lastHost;

    Rfc5424RecordParser(String source) {
        this.source = source;
        this.kernel = new KernelLineParser(source);
    }

    @Override
    public void parse(long lineNo, String line, Consumer<LogRecord> out) {
        int afterPri = KernelLineParser.levelPrefixEnd(line, 0);
        if (afterPri < 0 || !line.startsWith("1 ", afterPri)) {
            out.accept(new LogRecord(source, lineNo, lastHost, Double.NaN, null, -1, null, null, false, line));
            return;
        }
        int pri = 0;
        for (int k = 1; k < afterPri - 1; k++) {
            pri = pri * 10 + line.charAt(k) - '0';
        }
        int i = afterPri + 2;
        int[] cursor = {i};
        String time = token(line, cursor);
        String host = token(line, cursor);
        String app = token(line, cursor);
        token(line, cursor);
        token(line, cursor);
        int msg = skipStructuredData(line, cursor[0]);
        if (msg < line.length() && line.charAt(msg) == ' ') {
            msg++;
        }
        if (line.startsWith("\uFEFF", msg)) {
            msg++;
        } else if (line.startsWith("\u00EF\u00BB\u00BF", msg)) {
            msg += 3;
        }
        lastHost = host;
        int level = pri & 7;
        boolean fromKernel = "kernel".equals(app) || (pri >> 3) == 0 && app == null;
        if (fromKernel) {
            kernel.parse(lineNo, host, time, Double.NaN, level, "kernel", line, Math.min(msg, line.length()), out);
        } else {
            out.accept(new LogRecord(source, lineNo, host, Double.NaN, time, level, null, app, false,
                    msg >= line.length() ? "" : line.substring(msg)));
        }
    }

    /** The next space-separated field, null for the nil value "-". */
    private static String token(String s, int[] cursor) {
        int i = cursor[0];
        if (i >= s.length()) {
            return null;
        }
        int end = s.indexOf(' ', i);
        if (end < 0) {
            end = s.length();
        }
        cursor[0] = Math.min(s.length(), end + 1);
        String t = s.substring(i, end);
        return t.equals("-") ? null : t;
    }

    /** Skips "-" or one or more [id param="value"...] elements (values may hold escaped \] and \"). */
    private static int skipStructuredData(String s, int i) {
        int n = s.length();
        if (i >= n) {
            return n;
        }
        if (s.charAt(i) == '-') {
            return i + 1;
        }
        while (i < n && s.charAt(i) == '[') {
            boolean quoted = false;
            i++;
            while (i < n) {
                char c = s.charAt(i);
                if (c == '\\' && quoted) {
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ']' && !quoted) {
                    i++;
                    break;
                }
                i++;
            }
        }
        return Math.min(i, n);
    }
}
