package dev.crashtriage.listen;

import dev.crashtriage.input.KmsgHeader;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Joins the fragments of one sender's extended netconsole messages. Netconsole splits a message whose body (text,
 * dictionary, userdata) does not fit its 1000-byte packet into fragments that repeat the header with
 * {@code ncfrag=<byte-offset>/<total-bytes>} (drivers/net/netconsole.c, {@code send_fragmented_body}); UDP may
 * deliver them in any order, twice, or not at all. Fragments are placed by offset; a message is whole when every
 * byte has arrived. One that is still missing bytes after the reorder window is given up on: what did arrive is
 * delivered, with a marker where the lost bytes were, and counted.
 */
final class FragmentAssembler {
    /** A forged total must not make us allocate without end; a real message body is a few KiB at most. */
    static final int MAX_BODY = 64 * 1024;
    /** Messages being joined at once per sender: more means fragments of messages that will never complete. */
    static final int MAX_PARTIAL = 64;
    static final String LOST_MARKER_FORMAT = "[crashtriage: %d bytes lost]";

    private final Map<Long, Partial> partial = new LinkedHashMap<>();
    private long duplicateFragments;

    private static final class Partial {
        final KmsgHeader header;
        final byte[] body;
        final BitSet have;
        int haveCount;
        long first;
        long last;
        final java.util.List<Datagram> datagrams = new java.util.ArrayList<>(2);

        Partial(KmsgHeader header, int total, long nanos) {
            this.header = header;
            this.body = new byte[total];
            this.have = new BitSet(total);
            this.first = nanos;
            this.last = nanos;
        }
    }

    /**
     * Adds one fragment ({@code data[bodyStart..]} is its share of the body); delivers the message when it is whole.
     */
    void add(KmsgHeader h, Datagram d, int bodyStart, Consumer<NetconsoleMessage> out) {
        byte[] data = d.data();
        long nanos = d.nanos();
        int total = Math.min(h.fragTotal(), MAX_BODY);
        Partial p = partial.get(h.seq());
        if (p != null && p.body.length != total) {
            // the same sequence number with another size: a new boot reusing the number; give the old one up
            deliver(partial.remove(h.seq()), out);
            p = null;
        }
        if (p == null) {
            if (partial.size() >= MAX_PARTIAL) {
                Iterator<Partial> oldest = partial.values().iterator();
                Partial gone = oldest.next();
                oldest.remove();
                deliver(gone, out);
            }
            p = new Partial(h, total, nanos);
            partial.put(h.seq(), p);
        }
        p.last = nanos;
        p.datagrams.add(d);
        int off = Math.max(0, h.fragOffset());
        int len = Math.min(data.length - bodyStart, total - off);
        boolean added = false;
        for (int i = 0; i < len; i++) {
            if (!p.have.get(off + i)) {
                p.have.set(off + i);
                p.haveCount++;
                added = true;
            }
            p.body[off + i] = data[bodyStart + i];
        }
        if (!added && len > 0) {
            duplicateFragments++;
        }
        if (p.haveCount >= total) {
            partial.remove(h.seq());
            deliver(p, out);
        }
    }

    /** Gives up on messages whose last fragment came more than {@code maxWaitNanos} ago. */
    void expire(long now, long maxWaitNanos, Consumer<NetconsoleMessage> out) {
        Iterator<Partial> it = partial.values().iterator();
        while (it.hasNext()) {
            Partial p = it.next();
            if (now - p.last > maxWaitNanos) {
                it.remove();
                deliver(p, out);
            }
        }
    }

    /** Delivers every message still being joined, as far as it got (shutdown). */
    void flush(Consumer<NetconsoleMessage> out) {
        for (Partial p : partial.values()) {
            deliver(p, out);
        }
        partial.clear();
    }

    boolean isEmpty() {
        return partial.isEmpty();
    }

    long duplicateFragments() {
        return duplicateFragments;
    }

    private static void deliver(Partial p, Consumer<NetconsoleMessage> out) {
        int total = p.body.length;
        int missing = total - p.haveCount;
        if (missing == 0) {
            out.accept(NetconsoleMessage.of(p.header, p.body, 0, total, 0, p.last, p.datagrams));
            return;
        }
        // what arrived, in order, with a marker for each run of lost bytes
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream(total + 64);
        int i = 0;
        while (i < total) {
            int gap = p.have.nextClearBit(i);
            joined.write(p.body, i, Math.min(gap, total) - i);
            if (gap >= total) {
                break;
            }
            int back = p.have.nextSetBit(gap);
            int end = back < 0 ? total : back;
            byte[] marker = String.format(LOST_MARKER_FORMAT, end - gap).getBytes(StandardCharsets.US_ASCII);
            joined.write(marker, 0, marker.length);
            i = end;
        }
        byte[] b = joined.toByteArray();
        out.accept(NetconsoleMessage.of(p.header, b, 0, b.length, missing, p.last, p.datagrams));
    }
}
