package dev.crashtriage.input;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Wraps a decompressor so that damage costs as little of the data decoded before it as possible.
 * A BufferedInputStream keeps reading within one call while available() is positive and drops what it
 * already copied when one of those reads throws: available() is 0 here, so each call makes one read.
 * Reads are small because a decompressor throws away a call's partial output when it meets damage.
 * The failure is sticky: a reader that swallowed it (the UTF-16 sniffing peek) does not hide it from the next.
 */
final class DamageTolerantStream extends FilterInputStream {
    private static final int MAX_READ = 2 * 1024;

    private IOException failure;

    DamageTolerantStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw failure;
        }
        try {
            return in.read(b, off, Math.min(len, MAX_READ));
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException ? (IOException) e : new IOException(e.toString(), e);
            throw failure;
        }
    }

    @Override
    public int available() {
        return 0;
    }
}
