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
 * Documentation/networking/netconsole.rst). {@code cpu=} is printed as {@code " cpu=%u"} from the CPU that printed
 * the message (netconsole.c, {@code sysdata_append_cpu_nr}); {@code taskname=} is the task's comm without a pid.
 *
 * @param header       the header (sequence number, level, time, continuation flag, release prepend)
 * @param text         the record's text, cleaned as a file's line would be
 * @param moreText     lines of the body that are neither dictionary nor userdata (none from a real kernel)
 * @param host         the {@code host=} userdata value, or null
 * @param msgid        the {@code msgid=} sysdata value (an unsigned 32-bit counter), or -1
 * @param cpu          the {@code cpu=} sysdata value (the CPU the message was printed on), or -1
 * @param missingBytes body bytes lost with a fragment that never came (0 when whole)
 * @param nanos        receive time of its last datagram
 * @param datagrams    the datagrams it came in (one, or its fragments in arrival order), for the raw log
 */
record NetconsoleMessage(KmsgHeader header, String text, List<String> moreText, String host, long msgid, int cpu,
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
        int cpu = -1;
        int i = nl < 0 ? end : nl + 1;
        while (i < end) {
            int e = indexOf(body, i, end, (byte) '\n');
            int lineEnd = e < 0 ? end : e;
            if (lineEnd > i) {
                if (body[i] == ' ') {
                    // the keys that mean something here are matched as bytes: most messages carry a few of these
                    // lines, and strings for each would cost more than the rest of taking the message apart
                    if (startsWith(body, i + 1, lineEnd, HOST)) {
                        String value = new String(body, i + 1 + HOST.length, lineEnd - i - 1 - HOST.length,
                                StandardCharsets.UTF_8).trim();
                        if (!value.isEmpty()) {
                            host = value;
                        }
                    } else if (startsWith(body, i + 1, lineEnd, MSGID)) {
                        msgid = unsigned(body, i + 1 + MSGID.length, lineEnd, 0xFFFF_FFFFL);
                    } else if (startsWith(body, i + 1, lineEnd, CPU)) {
                        cpu = (int) unsigned(body, i + 1 + CPU.length, lineEnd, Integer.MAX_VALUE);
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
        return new NetconsoleMessage(header, text, more, host, msgid, cpu, missingBytes, nanos, datagrams);
    }

    private static final byte[] HOST = "host=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MSGID = "msgid=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CPU = "cpu=".getBytes(StandardCharsets.US_ASCII);

    private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (b[from + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    /** Decimal digits from {@code from} to {@code to} (blanks around them allowed) up to {@code max}; else -1. */
    private static long unsigned(byte[] b, int from, int to, long max) {
        while (from < to && b[from] == ' ') {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\r')) {
            to--;
        }
        if (from == to || to - from > 10) {
            return -1;
        }
        long x = 0;
        for (int k = from; k < to; k++) {
            if (b[k] < '0' || b[k] > '9') {
                return -1;
            }
            x = x * 10 + (b[k] - '0');
        }
        return x <= max ? x : -1;
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
