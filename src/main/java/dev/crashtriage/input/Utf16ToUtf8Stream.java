package dev.crashtriage.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/** Re-encodes decoded UTF-16 text as UTF-8 bytes so that the line splitter only ever sees bytes. */
final class Utf16ToUtf8Stream extends InputStream {
    private final Reader reader;
    private final char[] chars = new char[16 * 1024];
    private byte[] out = new byte[0];
    private int outPos;
    private char heldHighSurrogate;

    Utf16ToUtf8Stream(Reader reader) {
        this.reader = reader;
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
        while (outPos >= out.length) {
            int start = 0;
            if (heldHighSurrogate != 0) {
                chars[0] = heldHighSurrogate;
                heldHighSurrogate = 0;
                start = 1;
            }
            int n = reader.read(chars, start, chars.length - start);
            if (n < 0) {
                if (start == 0) {
                    return -1;
                }
                n = 0;
            }
            int total = start + n;
            // A surrogate pair split across two reads is encoded once both halves are here.
            if (n > 0 && total > 0 && Character.isHighSurrogate(chars[total - 1])) {
                heldHighSurrogate = chars[total - 1];
                total--;
            }
            out = new String(chars, 0, total).getBytes(StandardCharsets.UTF_8);
            outPos = 0;
        }
        int n = Math.min(len, out.length - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
