package dev.crashtriage.input;

import java.util.function.Consumer;

/**
 * /dev/kmsg records and extended netconsole ({@code netconsole=+...}), which share one layout:
 * {@code <prefix>,<seq>,<usec>,<flag>[,caller=T123][,ncfrag=<off>/<len>];text}, where prefix is
 * facility*8+level. Dictionary lines that follow a record start with a space ({@code " SUBSYSTEM=..."});
 * they belong to the record and are not records themselves. Netconsole splits messages longer than its
 * packet size into fragments with the same header and an {@code ncfrag} field; they are joined back here,
 * also when a capture glued the next fragment into the middle of a line (see Documentation/networking/netconsole.rst).
 */
final class KmsgRecordParser implements RecordParser {
    private static final int MAX_MESSAGE_CHARS = 64 * 1024;

    private final String source;
    private final Header header = new Header();

    /** The fragmented message being joined; pendingLine < 0 when none. */
    private long pendingLine = -1;
    private final Header pending = new Header();
    private final StringBuilder pendingText = new StringBuilder();
    private String pendingGlue;

    KmsgRecordParser(String source) {
        this.source = source;
    }

    @Override
    public void parse(long lineNo, String line, Consumer<LogRecord> out) {
        if (line.startsWith(" ")) {
            if (pendingLine >= 0 && !isDictionaryLine(line)) {
                // The capture broke a fragment's text across lines; the leading space is the text's own.
                appendFragmentText(line, out);
            }
            return;
        }
        int textStart = header.parse(line, 0);
        if (textStart < 0) {
            flush(out);
            out.accept(new LogRecord(source, lineNo, null, Double.NaN, null, -1, null, null, true, line));
            return;
        }
        if (header.fragTotal >= 0) {
            if (pendingLine >= 0 && pending.seq == header.seq) {
                appendFragmentText(line.substring(textStart), out);
                return;
            }
            flush(out);
            pending.copyFrom(header);
            pendingLine = lineNo;
            pendingText.setLength(0);
            pendingGlue = line.substring(0, line.indexOf(',', line.indexOf(',', line.indexOf(',') + 1) + 1) + 1);
            appendFragmentText(line.substring(textStart), out);
            return;
        }
        flush(out);
        out.accept(record(lineNo, header, textStart == 0 ? line : line.substring(textStart)));
    }

    /** Appends fragment text, following any later fragment of the same message glued into it. */
    private void appendFragmentText(String text, Consumer<LogRecord> out) {
        int from = 0;
        int glued;
        while ((glued = text.indexOf(pendingGlue, from)) >= 0) {
            int after = header.parse(text, glued);
            if (after < 0 || header.seq != pending.seq) {
                break;
            }
            pendingText.append(text, from, glued);
            from = after;
        }
        pendingText.append(text, from, text.length());
        // The cap keeps a forged ncfrag total from growing the buffer without end.
        if (pendingText.length() >= pending.fragTotal || pendingText.length() >= MAX_MESSAGE_CHARS) {
            flush(out);
        }
    }

    private void flush(Consumer<LogRecord> out) {
        if (pendingLine < 0) {
            return;
        }
        out.accept(record(pendingLine, pending, pendingText.toString()));
        pendingLine = -1;
        pendingText.setLength(0);
    }

    @Override
    public void finish(Consumer<LogRecord> out) {
        flush(out);
    }

    private LogRecord record(long lineNo, Header h, String text) {
        return record(source, lineNo, null, h.facility, h.level, h.usec, h.caller, text);
    }

    /** The one place a kmsg header becomes a record, for files and for {@link KmsgHeader} (the listener). */
    static LogRecord record(String source, long lineNo, String host, int facility, int level, long usec, String caller,
                            String text) {
        boolean kernel = facility == 0;
        return new LogRecord(source, lineNo, host, usec / 1e6, null, level, caller, kernel ? "kernel" : null,
                kernel, text);
    }

    /** Parses the header at {@code from}, or returns null: what {@link KmsgHeader#parse} exposes. */
    static KmsgHeader header(String s, int from, String release) {
        Header h = new Header();
        int textStart = h.parse(s, from);
        if (textStart < 0) {
            return null;
        }
        return new KmsgHeader(release, h.facility, h.level, h.seq, h.usec, h.flag, h.caller, h.fragOffset,
                h.fragTotal, textStart);
    }

    private static boolean isDictionaryLine(String line) {
        int eq = line.indexOf('=');
        if (eq < 2) {
            return false;
        }
        for (int i = 1; i < eq; i++) {
            char c = line.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** True when the line starts with a kmsg header. */
    static boolean looksLikeRecord(String line) {
        return new Header().parse(line, 0) >= 0;
    }

    /** One record header, parsed in place. */
    private static final class Header {
        int facility;
        int level;
        long seq;
        long usec;
        String caller;
        char flag;
        int fragOffset;
        int fragTotal;

        /** Returns where the text starts (after ';'), or -1 when s has no header at i. */
        int parse(String s, int i) {
            int n = s.length();
            long[] v = new long[1];
            int j = number(s, i, v);
            if (j < 0 || j >= n || s.charAt(j) != ',') {
                return -1;
            }
            int prefix = (int) Math.min(v[0], 1023);
            j = number(s, j + 1, v);
            if (j < 0 || j >= n || s.charAt(j) != ',') {
                return -1;
            }
            long sequence = v[0];
            j = number(s, j + 1, v);
            if (j < 0 || j + 1 >= n || s.charAt(j) != ',') {
                return -1;
            }
            long micros = v[0];
            char flag = s.charAt(j + 1);
            j += 2;
            String callerId = null;
            int total = -1;
            int offset = -1;
            int semi = s.indexOf(';', j);
            if (semi < 0 || (j < n && s.charAt(j) != ',' && s.charAt(j) != ';')) {
                return -1;
            }
            if (flag != '-' && flag != 'c' && flag != '+') {
                return -1;
            }
            while (j < semi && s.charAt(j) == ',') {
                int next = s.indexOf(',', j + 1);
                int fieldEnd = next < 0 || next > semi ? semi : next;
                if (s.startsWith("caller=", j + 1)) {
                    callerId = s.substring(j + 8, fieldEnd);
                } else if (s.startsWith("ncfrag=", j + 1)) {
                    int slash = s.indexOf('/', j + 8);
                    if (slash > 0 && slash < fieldEnd && number(s, slash + 1, v) == fieldEnd) {
                        total = (int) Math.min(v[0], Integer.MAX_VALUE);
                        offset = number(s, j + 8, v) == slash ? (int) Math.min(v[0], Integer.MAX_VALUE) : 0;
                    }
                }
                j = fieldEnd;
            }
            facility = prefix >> 3;
            level = prefix & 7;
            seq = sequence;
            usec = micros;
            caller = callerId;
            this.flag = flag;
            fragOffset = offset;
            fragTotal = total;
            return semi + 1;
        }

        void copyFrom(Header h) {
            facility = h.facility;
            level = h.level;
            seq = h.seq;
            usec = h.usec;
            caller = h.caller;
            flag = h.flag;
            fragOffset = h.fragOffset;
            fragTotal = h.fragTotal;
        }

        private static int number(String s, int i, long[] out) {
            long v = 0;
            int j = i;
            while (j < s.length() && j - i < 19 && KernelLineParser.isDigit(s.charAt(j))) {
                v = v * 10 + s.charAt(j) - '0';
                j++;
            }
            if (j == i) {
                return -1;
            }
            out[0] = v;
            return j;
        }
    }
}
