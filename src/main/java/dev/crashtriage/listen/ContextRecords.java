package dev.crashtriage.listen;

import dev.crashtriage.input.LogRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * A host's recent records, kept to be replayed into its next stream, serialized into 64 KiB chunks. Held as
 * objects (a record and its four strings) they were what every young collection had to copy: 50-170 ms pauses at
 * 40000 records/s, long enough for the sockets to overflow. A few long-lived arrays cost the collector next to
 * nothing. The oldest chunk goes when the host's share of the budget is used up.
 */
final class ContextRecords {
    private static final int CHUNK = 64 * 1024;

    /** One chunk: its bytes, how many are used, and the line of its first record. */
    private static final class Chunk {
        final ByteBuffer buf;
        final long firstLine;

        Chunk(int size, long firstLine) {
            this.buf = ByteBuffer.allocate(size);
            this.firstLine = firstLine;
        }
    }

    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private long bytes;

    /** Keeps the record; drops the oldest chunks while more than {@code maxBytes} are held (never the newest). */
    void add(LogRecord r, long maxBytes) {
        byte[] source = utf8(r.source());
        byte[] host = utf8(r.host());
        byte[] wall = utf8(r.wallTime());
        byte[] caller = utf8(r.callerId());
        byte[] program = utf8(r.program());
        byte[] text = utf8(r.text());
        int size = 8 + 8 + 4 + 1 + 6 * 4 + len(source) + len(host) + len(wall) + len(caller) + len(program) + len(text);
        Chunk c = chunks.peekLast();
        if (c == null || c.buf.remaining() < size) {
            c = new Chunk(Math.max(CHUNK, size), r.line());
            chunks.addLast(c);
            bytes += c.buf.capacity();
        }
        ByteBuffer b = c.buf;
        b.putLong(r.line()).putDouble(r.monoTime()).putInt(r.level()).put((byte) (r.kernel() ? 1 : 0));
        put(b, source);
        put(b, host);
        put(b, wall);
        put(b, caller);
        put(b, program);
        put(b, text);
        while (bytes > maxBytes && chunks.size() > 1) {
            bytes -= chunks.removeFirst().buf.capacity();
        }
    }

    /** The records held, oldest first. */
    void forEach(Consumer<LogRecord> out) {
        for (Chunk c : chunks) {
            ByteBuffer b = c.buf.duplicate().flip();
            while (b.hasRemaining()) {
                long line = b.getLong();
                double mono = b.getDouble();
                int level = b.getInt();
                boolean kernel = b.get() != 0;
                String source = get(b);
                String host = get(b);
                String wall = get(b);
                String caller = get(b);
                String program = get(b);
                String text = get(b);
                out.accept(new LogRecord(source, line, host, mono, wall, level, caller, program, kernel, text));
            }
        }
    }

    /** The line of the oldest record held, or -1 when none is. */
    long oldestLine() {
        Chunk c = chunks.peekFirst();
        return c == null ? -1 : c.firstLine;
    }

    /** Bytes held (chunk capacity). */
    long bytes() {
        return bytes;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int len(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static void put(ByteBuffer b, byte[] s) {
        if (s == null) {
            b.putInt(-1);
        } else {
            b.putInt(s.length).put(s);
        }
    }

    private static String get(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0) {
            return null;
        }
        String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }
}
