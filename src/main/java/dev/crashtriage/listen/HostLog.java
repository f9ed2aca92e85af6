package dev.crashtriage.listen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * One host's raw capture under {@code --out}: every line exactly as it came off the wire, each preceded by its
 * receive time ({@code 2026-12-01T22:10:00.123456Z }) -- the capture is the evidence, so nothing is parsed or
 * re-encoded on the way in. Opened for appending (a restart never truncates), rotated by size
 * ({@code host.log} becomes {@code host.log.1} and so on, {@code keep} files kept), reopened on SIGHUP for
 * logrotate.
 *
 * <p>Durability (docs/listen.md): lines go through a 64 KiB buffer that is written out when full and at every
 * flush; {@link Listener} flushes and fsyncs every log once a second, fsyncs a host's log before it prints an
 * incident from it, and on rotation, SIGHUP and shutdown.
 *
 * <p>Written by the processing thread; a triage worker may fsync it before reporting, hence the monitor.
 */
final class HostLog implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;

    private final Path file;
    private final long rotateBytes;
    private final int keep;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    private FileChannel channel;
    private long size;
    private boolean dirty;
    private long cachedSecond = Long.MIN_VALUE;
    private byte[] cachedPrefix;
    private long lines;

    HostLog(Path file, long rotateBytes, int keep) throws IOException {
        this.file = file;
        this.rotateBytes = rotateBytes;
        this.keep = keep;
        open();
        this.lines = 0;
    }

    Path file() {
        return file;
    }

    private void open() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
    }

    /**
     * Appends the datagram's lines, each behind the receive time; a final piece without a newline still ends its
     * line in the file. Returns the number of lines written.
     */
    synchronized int write(long epochMicros, byte[] data, int off, int len) throws IOException {
        byte[] prefix = prefix(epochMicros);
        int n = 0;
        int i = off;
        int end = off + len;
        while (i < end) {
            int nl = NetconsoleMessage.indexOf(data, i, end, (byte) '\n');
            int lineEnd = nl < 0 ? end : nl;
            put(prefix, 0, prefix.length);
            put(data, i, lineEnd - i);
            put(NEWLINE, 0, 1);
            n++;
            i = lineEnd + 1;
        }
        if (len == 0) {
            put(prefix, 0, prefix.length);
            put(NEWLINE, 0, 1);
            n++;
        }
        lines += n;
        dirty = true;
        if (rotateBytes > 0 && size + buf.position() >= rotateBytes) {
            rotate();
        }
        return n;
    }

    private static final byte[] NEWLINE = {'\n'};

    private void put(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (!buf.hasRemaining()) {
                drain();
            }
            int k = Math.min(len, buf.remaining());
            buf.put(b, off, k);
            off += k;
            len -= k;
        }
    }

    private void drain() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            size += channel.write(buf);
        }
        buf.clear();
    }

    /** Lines written since the listener started (across rotations). */
    long lines() {
        return lines;
    }

    /** Hands buffered lines to the kernel; with {@code sync}, waits until they are on disk. */
    synchronized void flush(boolean sync) throws IOException {
        if (buf.position() > 0) {
            drain();
        }
        if (sync && dirty) {
            channel.force(false);
            dirty = false;
        }
    }

    /** Closes and opens the file again by name: after logrotate moved it away, writing goes on in a new file. */
    synchronized void reopen() throws IOException {
        flush(true);
        channel.close();
        open();
    }

    private void rotate() throws IOException {
        flush(true);
        channel.close();
        for (int k = keep - 1; k >= 1; k--) {
            Path from = sibling(k);
            if (Files.exists(from)) {
                Files.move(from, sibling(k + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (keep >= 1) {
            Files.move(file, sibling(1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(file);
        }
        open();
    }

    private Path sibling(int k) {
        return file.resolveSibling(file.getFileName() + "." + k);
    }

    private byte[] prefix(long epochMicros) {
        long second = Math.floorDiv(epochMicros, 1_000_000L);
        int micros = (int) Math.floorMod(epochMicros, 1_000_000L);
        if (second != cachedSecond) {
            cachedSecond = second;
            LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
            cachedPrefix = String.format("%04d-%02d-%02dT%02d:%02d:%02d.000000Z ", t.getYear(), t.getMonthValue(),
                    t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()).getBytes(StandardCharsets.US_ASCII);
        }
        byte[] p = cachedPrefix.clone();
        for (int k = 25; k >= 20; k--) {
            p[k] = (byte) ('0' + micros % 10);
            micros /= 10;
        }
        return p;
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            flush(true);
        } finally {
            channel.close();
        }
    }

    /** A file name for a host key: letters, digits, '.', '-' and '_' kept, anything else becomes '_'. */
    static String fileName(String hostKey) {
        StringBuilder b = new StringBuilder(hostKey.length() + 4);
        for (int i = 0; i < hostKey.length() && b.length() < 200; i++) {
            char c = hostKey.charAt(i);
            b.append(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
                    || c == '_' ? c : '_');
        }
        if (b.length() == 0 || b.charAt(0) == '.') {
            b.insert(0, '_');
        }
        return b.append(".log").toString();
    }
}
