package dev.crashtriage.input;

import java.util.function.Consumer;

/**
 * The raw captures that {@code crashtriage listen --out} writes: every line is
 * {@code <receive time, ISO-8601 UTC with microseconds> <the datagram's line exactly as received>}
 * ({@code 2026-12-01T22:10:00.123456Z 4,1509,12767657146,-,ncfrag=0/986;Modules linked in: ...}). The receive
 * time column comes off and becomes the record's wall time (netconsole carries none, and the listener uses the
 * same time live); the rest is read line by line as the listener reads a datagram: {@code <PRI>} starts a relay's
 * syslog line (RFC 5424 when the version {@code 1} follows), an extended header or an indented dictionary line
 * belongs to extended netconsole (fragments joined back across lines), anything else is plain netconsole console
 * text. Lines without the receive time are read the same way, without a wall time.
 */
final class NetconsoleCaptureRecordParser implements RecordParser {
    /** {@code 2026-12-01T22:10:00.123456Z} and the space after it. */
    static final int STAMP_CHARS = 28;

    private final RecordParser extended;
    private final RecordParser plain;
    private final RecordParser syslog;
    private final RecordParser rfc5424;

    /** The receive time and sequence number of the last extended line (-1 when it was no fragment). */
    private String extendedTime;
    private long fragmentSeq = -1;

    NetconsoleCaptureRecordParser(String source) {
        this.extended = new KmsgRecordParser(source);
        this.plain = new DmesgRecordParser(source);
        this.syslog = new SyslogRecordParser(source);
        this.rfc5424 = new Rfc5424RecordParser(source);
    }

    /** Where the datagram's line starts when the line opens with a receive time, else -1. */
    static int payloadStart(String line) {
        if (line.length() < STAMP_CHARS || line.charAt(STAMP_CHARS - 1) != ' ' || line.charAt(STAMP_CHARS - 2) != 'Z'
                || line.charAt(19) != '.' || SyslogHeader.rfc3339End(line, 0) != STAMP_CHARS - 1) {
            return -1;
        }
        for (int i = 20; i < 26; i++) {
            if (!KernelLineParser.isDigit(line.charAt(i))) {
                return -1;
            }
        }
        return STAMP_CHARS;
    }

    /**
     * True when the line carries the receive time and behind it something only a netconsole datagram starts with:
     * an extended header, a dictionary line, a relay's {@code <PRI>} or a console timestamp. What a syslog file
     * with such times has behind them (a host name and a program) is none of these.
     */
    static boolean looksLikeCapture(String line) {
        int at = payloadStart(line);
        if (at < 0) {
            return false;
        }
        String rest = line.substring(at);
        return KmsgHeader.parse(rest) != null || rest.startsWith(" ") && rest.indexOf('=') > 1
                || KernelLineParser.levelPrefixEnd(rest, 0) > 0 || KernelLineParser.timestampEnd(rest, 0) > 0;
    }

    @Override
    public void parse(long lineNo, String line, Consumer<LogRecord> out) {
        int at = payloadStart(line);
        String time = at < 0 ? null : line.substring(0, STAMP_CHARS - 1);
        String rest = at < 0 ? line : line.substring(at);
        if (rest.startsWith("<")) {
            int gt = rest.indexOf('>');
            RecordParser relay = gt > 1 && rest.startsWith("1 ", gt + 1) ? rfc5424 : syslog;
            endExtended(out);
            relay.parse(lineNo, rest, r -> out.accept(withTime(r, time)));
            return;
        }
        if (rest.startsWith(" ")) {
            // The capture breaks lines where the datagram had a newline, and after an extended message's text come
            // only its dictionary and the target's userdata lines (NetconsoleMessage): never text, as they would be
            // read in a copy that broke a fragment's text across lines.
            return;
        }
        KmsgHeader h = KmsgHeader.parse(rest);
        if (h == null) {
            endExtended(out);
            plain.parse(lineNo, rest, r -> out.accept(withTime(r, time)));
            return;
        }
        // A fragmented message is handed over when a later fragment completes it (this line's time: the listener
        // stamps a message with its last datagram's) or when another record ends it (the time of its last line).
        boolean continues = h.fragment() && h.seq() == fragmentSeq;
        String heldTime = extendedTime;
        extendedTime = time;
        fragmentSeq = h.fragment() ? h.seq() : -1;
        String record = h.release() == null ? rest : rest.substring(h.release().length() + 1);
        extended.parse(lineNo, record,
                r -> out.accept(withTime(r, r.line() == lineNo || continues ? time : heldTime)));
    }

    /**
     * Hands over an extended message still waiting for fragments before another kind of line is read: records
     * leave in input order (a message held across a plain or relayed line would come out after it), as a kmsg file
     * ends a pending message at a line without a header.
     */
    private void endExtended(Consumer<LogRecord> out) {
        String held = extendedTime;
        extended.finish(r -> out.accept(withTime(r, held)));
        fragmentSeq = -1;
    }

    @Override
    public void finish(Consumer<LogRecord> out) {
        endExtended(out);
        plain.finish(out);
        syslog.finish(out);
        rfc5424.finish(out);
    }

    /** The listener's rule: a time the line carries itself (a relay's syslog header) wins over the receive time. */
    private static LogRecord withTime(LogRecord r, String time) {
        if (r.wallTime() != null || time == null) {
            return r;
        }
        return r.withWallTime(time);
    }
}
