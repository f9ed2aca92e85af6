package dev.crashtriage.cli;

import dev.crashtriage.input.InputTarget;
import dev.crashtriage.render.ControlCharEscaper;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress line analyze draws on stderr when stderr is a terminal and an input is big: bytes read,
 * MB/s, ETA (files, whose size is known), incidents so far, redrawn in place with a carriage return and
 * wiped when the input is done. Only the CLI makes one, and only for a terminal: a pipe or a file never
 * gets a progress byte. The bytes are counted on the raw stream as the reader pulls it, so the count is
 * what was read, and for a compressed file what of the file was read (its size is the file's).
 */
final class ProgressLine {
    /** Inputs smaller than this are done before a line would help. */
    static final long MIN_BYTES = 4L << 20;
    private static final long REDRAW_NANOS = 250_000_000L;
    private static final int NAME_WIDTH = 32;

    private final PrintWriter err;
    private final LongSupplier nanoClock;
    private String current;
    private long total;
    private long done;
    private long started;
    private long lastDraw;
    private boolean drawnSinceStart;
    private int shownWidth;
    private long incidents;

    ProgressLine(PrintWriter err, LongSupplier nanoClock) {
        this.err = err;
        this.nanoClock = nanoClock;
    }

    /** The same input, its raw bytes counted as they are read. */
    InputTarget track(InputTarget target) {
        long size = sizeOf(target.name());
        return new InputTarget(target.name(), () -> new Counting(target.opener().open(), target.name(), size));
    }

    private static long sizeOf(String name) {
        if (name.equals("-")) {
            return -1;
        }
        try {
            Path p = Path.of(name);
            return Files.isRegularFile(p) ? Files.size(p) : -1;
        } catch (IOException | InvalidPathException | SecurityException e) {
            return -1;
        }
    }

    synchronized void incidentClosed() {
        incidents++;
    }

    private synchronized void started(String name, long size) {
        current = name;
        total = size;
        done = 0;
        started = nanoClock.getAsLong();
        drawnSinceStart = false;
    }

    private synchronized void read(String name, long n) {
        if (!name.equals(current)) {
            return; // another input, read in parallel: the line follows the one that started last
        }
        done += n;
        if (total >= 0 ? total < MIN_BYTES : done < MIN_BYTES) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (drawnSinceStart && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawnSinceStart = true;
        draw(now);
    }

    private void draw(long now) {
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double rate = done / seconds;
        StringBuilder b = new StringBuilder(96);
        String shown = ControlCharEscaper.escape(current);
        if (shown.length() > NAME_WIDTH) {
            shown = "..." + shown.substring(shown.length() - NAME_WIDTH + 3);
        }
        b.append(shown).append(": ").append(mb(done));
        if (total >= 0) {
            b.append(" of ").append(mb(total))
                    .append(String.format(Locale.ROOT, " (%d%%)", total == 0 ? 100 : Math.min(100, done * 100 / total)));
        }
        b.append(String.format(Locale.ROOT, ", %.1f MB/s", rate / 1e6));
        if (total >= 0 && rate > 0) {
            long eta = (long) Math.ceil(Math.max(0, total - done) / rate);
            b.append(String.format(Locale.ROOT, ", ETA %d:%02d", eta / 60, eta % 60));
        }
        b.append(", ").append(incidents).append(incidents == 1 ? " incident" : " incidents");
        String line = b.toString();
        int pad = Math.max(0, shownWidth - line.length());
        err.print("\r" + line + " ".repeat(pad));
        err.flush();
        shownWidth = line.length();
    }

    /** Wipes the line (an input is done, or the run ends): what comes next on stderr starts clean. */
    synchronized void clear() {
        if (shownWidth > 0) {
            err.print("\r" + " ".repeat(shownWidth) + "\r");
            err.flush();
            shownWidth = 0;
        }
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** Counts what the reader pulls; wipes the line when the reader closes the input. */
    private final class Counting extends FilterInputStream {
        private final String name;

        Counting(InputStream in, String name, long size) {
            super(in);
            this.name = name;
            started(name, size);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                ProgressLine.this.read(name, 1);
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                ProgressLine.this.read(name, n);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                clear();
            }
        }
    }
}
