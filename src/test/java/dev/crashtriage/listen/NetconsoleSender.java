package dev.crashtriage.listen;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test stand-in for a kernel's extended netconsole target: turns records into the datagrams
 * drivers/net/netconsole.c sends for them -- release prepend, userdata/sysdata appended, and a message whose
 * body does not fit 1000 bytes split by {@code send_fragmented_body}'s rules (the header repeated with
 * {@code ncfrag=<offset>/<total>}, userdata after the text, in the last fragments). Each record takes the next
 * sequence number and, with msgid on, the next msgid.
 */
final class NetconsoleSender {
    static final int MAX_PRINT_CHUNK = 1000;

    private final String release;
    private final String userdata;
    private final boolean msgid;
    private long seq;
    private long nextMsgid = 1;

    NetconsoleSender(String release, String userdata, boolean msgid, long firstSeq) {
        this.release = release;
        this.userdata = userdata == null ? "" : userdata;
        this.msgid = msgid;
        this.seq = firstSeq;
    }

    /** The datagrams for one record (level 0..7, facility kernel). */
    List<byte[]> record(int level, long usec, String text) {
        String msg = level + "," + seq++ + "," + usec + ",-;" + text + "\n";
        String extradata = userdata + (msgid ? " msgid=" + nextMsgid++ + "\n" : "");
        String rel = release == null ? "" : release + ",";
        List<byte[]> out = new ArrayList<>();
        byte[] m = msg.getBytes(StandardCharsets.UTF_8);
        byte[] x = extradata.getBytes(StandardCharsets.UTF_8);
        byte[] r = rel.getBytes(StandardCharsets.UTF_8);
        if (m.length + r.length + x.length <= MAX_PRINT_CHUNK) {
            out.add(concat(r, m, x));
            return out;
        }
        int semi = msg.indexOf(';');
        byte[] header = concat(r, msg.substring(0, semi).getBytes(StandardCharsets.UTF_8));
        byte[] body = msg.substring(semi + 1).getBytes(StandardCharsets.UTF_8);
        int bodyLen = body.length + x.length;
        int offset = 0;
        while (offset < bodyLen) {
            byte[] h = concat(header, (",ncfrag=" + offset + "/" + bodyLen + ";").getBytes(StandardCharsets.US_ASCII));
            java.io.ByteArrayOutputStream d = new java.io.ByteArrayOutputStream(MAX_PRINT_CHUNK);
            d.write(h, 0, h.length);
            int thisOffset = 0;
            int chunk = 0;
            if (offset < body.length) {
                chunk = Math.min(body.length - offset, MAX_PRINT_CHUNK - h.length);
                d.write(body, offset, chunk);
                thisOffset += chunk;
            }
            if (offset + thisOffset >= body.length && offset + thisOffset < bodyLen) {
                int sent = offset + thisOffset - body.length;
                int more = Math.min(x.length - sent, MAX_PRINT_CHUNK - (chunk + h.length));
                d.write(x, sent, more);
                thisOffset += more;
            }
            out.add(d.toByteArray());
            offset += thisOffset;
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    /** A dmesg line "[ 1376.188273] text" as (usec, text); null for lines of another shape. */
    static long[] dmesgTime(String line) {
        if (!line.startsWith("[")) {
            return null;
        }
        int close = line.indexOf(']');
        if (close < 0) {
            return null;
        }
        String t = line.substring(1, close).trim();
        int dot = t.indexOf('.');
        if (dot < 0) {
            return null;
        }
        try {
            long usec = Long.parseLong(t.substring(0, dot)) * 1_000_000L + Long.parseLong(t.substring(dot + 1));
            return new long[] {usec, close + 1};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
