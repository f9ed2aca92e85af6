package dev.crashtriage.listen;

import dev.crashtriage.input.KmsgHeader;
import dev.crashtriage.input.LineDecoder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One extended netconsole message, whole: its header, its text, and what followed the text. The body of a
 * message is the record's text, a newline, its dictionary lines ({@code " SUBSYSTEM=pci"}) and then the target's
 * userdata and sysdata lines ({@code " host=web1"}, {@code " msgid=42"}, {@code " taskname=..."}, {@code " cpu=3"},
 * {@code " release=..."}), each a space, a key, '=', a value and a newline (drivers/net/netconsole.c,
 * Documentation/networking/netconsole.rst).
 *
 * @param header       the header (sequence number, level, time, continuation flag, release prepend)
 * @param text         the record's text, cleaned as a file's line would be
 * @param moreText     lines of the body that are neither dictionary nor userdata (none from a real kernel)
 * @param host         the {@code host=} userdata value, or null
 * @param msgid        the {@code msgid=} sysdata value (an unsigned 32-bit counter), or -1
 * @param missingBytes body bytes lost with a fragment that never came (0 when whole)
 * @param nanos        receive time of its last datagram
 * @param datagrams    the datagrams it came in (one, or its fragments in arrival order), for the raw log
 */
record NetconsoleMessage(KmsgHeader header, String text, List<String> moreText, String host, long msgid,
                         int missingBytes, long nanos, List<Datagram> datagrams) {

    long seq() {
        return header.seq();
    }

    /** Takes a message body apart; {@code missingBytes > 0} marks where a lost fragment was (see {@link FragmentAssembler}). */
    static NetconsoleMessage of(KmsgHeader header, byte[] body, int off, int len, int missingBytes, long nanos,
                               List<Datagram> datagrams) {
        int end = off + len;
        int nl = indexOf(body, off, end, (byte) '\n');
        int textEnd = nl < 0 ? end : nl;
        String text = LineDecoder.clean(body, off, textEnd - off);
        List<String> more = List.of();
        String host = null;
        long msgid = -1;
        int i = nl < 0 ? end : nl + 1;
        while (i < end) {
            int e = indexOf(body, i, end, (byte) '\n');
            int lineEnd = e < 0 ? end : e;
            if (lineEnd > i) {
                if (body[i] == ' ') {
                    String kv = new String(body, i + 1, lineEnd - i - 1, StandardCharsets.UTF_8);
                    int eq = kv.indexOf('=');
                    if (eq > 0) {
                        String key = kv.substring(0, eq);
                        String value = kv.substring(eq + 1).trim();
                        if (key.equals("host") && !value.isEmpty()) {
                            host = value;
                        } else if (key.equals("msgid")) {
                            msgid = parseUnsigned(value);
                        }
                    }
                } else {
                    if (more.isEmpty()) {
                        more = new ArrayList<>();
                    }
                    more.add(LineDecoder.clean(body, i, lineEnd - i));
                }
            }
            i = lineEnd + 1;
        }
        return new NetconsoleMessage(header, text, more, host, msgid, missingBytes, nanos, datagrams);
    }

    private static long parseUnsigned(String v) {
        try {
            long x = Long.parseLong(v);
            return x >= 0 && x <= 0xFFFF_FFFFL ? x : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static int indexOf(byte[] b, int from, int to, byte v) {
        for (int i = from; i < to; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
