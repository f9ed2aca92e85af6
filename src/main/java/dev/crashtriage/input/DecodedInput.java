package dev.crashtriage.input;

import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The bytes of one input as text lines should see them: gzip or xz undone (recognised by their magic
 * bytes, not the file name) and UTF-16 transcoded to UTF-8.
 *
 * @param stream      the decoded bytes
 * @param compression "gzip", "xz" or null
 * @param encoding    "UTF-16LE", "UTF-16BE" when transcoded, else null
 */
record DecodedInput(InputStream stream, String compression, String encoding) {
    private static final int BUFFER = 64 * 1024;
    private static final int SNIFF = 4096;

    static DecodedInput open(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        byte[] magic = peek(in, 6);
        String compression = null;
        InputStream plain = in;
        if (magic.length >= 3 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b && magic[2] == 8) {
            compression = "gzip";
            // GZIPInputStream reads concatenated members (what `cat a.gz b.gz` and pigz produce) as one stream.
            plain = new BufferedInputStream(new DamageTolerantStream(new GZIPInputStream(in, BUFFER)), BUFFER);
        } else if (magic.length == 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z'
                && magic[3] == 'X' && magic[4] == 'Z' && magic[5] == 0) {
            compression = "xz";
            plain = new BufferedInputStream(new DamageTolerantStream(new XZInputStream(in)), BUFFER);
        }
        BufferedInputStream text = plain instanceof BufferedInputStream ? (BufferedInputStream) plain
                : new BufferedInputStream(plain, BUFFER);
        Charset utf16 = detectUtf16(peekLenient(text, SNIFF));
        if (utf16 != null) {
            return new DecodedInput(new Utf16ToUtf8Stream(new InputStreamReader(text, utf16)), compression,
                    utf16.name());
        }
        return new DecodedInput(text, compression, null);
    }

    /** BOM, or NULs in nearly every other byte of text that is otherwise ASCII. */
    static Charset detectUtf16(byte[] head) {
        if (head.length >= 2) {
            int b0 = head[0] & 0xff;
            int b1 = head[1] & 0xff;
            if (b0 == 0xff && b1 == 0xfe) {
                return StandardCharsets.UTF_16LE;
            }
            if (b0 == 0xfe && b1 == 0xff) {
                return StandardCharsets.UTF_16BE;
            }
        }
        int pairs = head.length / 2;
        if (pairs < 8) {
            return null;
        }
        int evenNul = 0;
        int oddNul = 0;
        for (int i = 0; i + 1 < head.length; i += 2) {
            if (head[i] == 0) {
                evenNul++;
            }
            if (head[i + 1] == 0) {
                oddNul++;
            }
        }
        if (oddNul > pairs * 0.8 && evenNul < pairs * 0.05) {
            return StandardCharsets.UTF_16LE;
        }
        if (evenNul > pairs * 0.8 && oddNul < pairs * 0.05) {
            return StandardCharsets.UTF_16BE;
        }
        return null;
    }

    private static byte[] peek(BufferedInputStream in, int n) throws IOException {
        in.mark(n);
        byte[] b = in.readNBytes(n);
        in.reset();
        return b;
    }

    /** Like peek, but a damaged archive found this early is left for the line reader to report. */
    private static byte[] peekLenient(BufferedInputStream in, int n) throws IOException {
        in.mark(n);
        byte[] b = new byte[n];
        int got = 0;
        try {
            while (got < n) {
                int r = in.read(b, got, n - got);
                if (r < 0) {
                    break;
                }
                got += r;
            }
        } catch (IOException e) {
            // Keep what was read; the reader meets the same error and reports it with context.
        }
        try {
            in.reset();
        } catch (IOException e) {
            return new byte[0];
        }
        return java.util.Arrays.copyOf(b, got);
    }
}
