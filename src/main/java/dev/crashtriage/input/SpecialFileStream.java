package dev.crashtriage.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a FIFO or character device named on the command line (they may never end: /dev/zero, a FIFO
 * nobody writes to) within bounds: at most a number of bytes, and giving up when nothing arrives for a
 * while. Opening and reading happen on a daemon thread, because opening a FIFO with no writer blocks
 * in the operating system where no timeout can reach it; if that thread stays blocked it dies with the JVM.
 */
final class SpecialFileStream extends InputStream {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] END = new byte[0];

    private final Path path;
    private final InputLimits limits;
    private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(8);
    private final Thread reader;
    private volatile boolean closed;
    private byte[] current = new byte[0];
    private int pos;
    private long delivered;
    private boolean done;

    SpecialFileStream(Path path, InputLimits limits) {
        this.path = path;
        this.limits = limits;
        this.reader = new Thread(this::pump, "crashtriage-read-" + path.getFileName());
        reader.setDaemon(true);
        reader.start();
    }

    private void pump() {
        try (InputStream in = Files.newInputStream(path)) {
            while (!closed) {
                byte[] b = new byte[CHUNK];
                int n = in.read(b);
                if (n < 0) {
                    break;
                }
                if (n > 0) {
                    chunks.put(n == CHUNK ? b : java.util.Arrays.copyOf(b, n));
                }
            }
            chunks.put(END);
        } catch (IOException e) {
            offer(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void offer(Object o) {
        try {
            chunks.put(o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!done && delivered >= limits.specialFileMaxBytes()) {
            done = true;
            close();
            throw new ReadBoundException("not a regular file (FIFO or device): stopped after "
                    + limits.specialFileMaxBytes() + " bytes, the bound for inputs that may never end");
        }
        while (pos >= current.length) {
            if (done) {
                return -1;
            }
            Object next;
            try {
                next = chunks.poll(limits.specialFileIdleMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted");
            }
            if (next == null) {
                done = true;
                throw new ReadBoundException("not a regular file (FIFO or device): nothing arrived for "
                        + limits.specialFileIdleMillis() / 1000.0 + " s, stopped reading");
            }
            if (next instanceof IOException) {
                done = true;
                throw (IOException) next;
            }
            if (next == END) {
                done = true;
                return -1;
            }
            current = (byte[]) next;
            pos = 0;
        }
        int n = (int) Math.min(Math.min(len, current.length - pos), limits.specialFileMaxBytes() - delivered);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        delivered += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        chunks.clear();
    }
}
