package dev.crashtriage.input;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a byte stream into text lines at \n, \r\n and lone \r, with bounded memory: a line longer
 * than the cap is cut and the rest of it skipped without buffering. A read error ends the stream
 * like end-of-file (what was read before stays usable) and is kept in {@link #failure()}.
 */
final class LineSplitter {
    private static final int BUFFER_SIZE = 256 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final InputStream in;
    private final int maxLine;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int end;
    private boolean eof;
    private boolean pendingCr;
    private byte[] line = new byte[4096];
    private int lineLen;
    private boolean lineCut;
    private long lineNumber;
    private long bytes;
    private long cutLines;
    private IOException failure;
    private AsciiLineParser fastParser;
    private Consumer<LogRecord> fastSink;

    /** What {@link #next()} returns for a line that the fast parser already turned into records. */
    static final String PARSED = new String("<parsed>");

    LineSplitter(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** The next line, cleaned of control characters, {@link #PARSED}, or null at the end. */
    String next() {
        if (pendingCr) {
            pendingCr = false;
            if (pos >= end && !fill()) {
                return null;
            }
            if (buf[pos] == '\n') {
                pos++;
            }
        }
        lineLen = 0;
        lineCut = false;
        boolean special = false;
        boolean any = false;
        while (true) {
            if (pos >= end && !fill()) {
                return any ? finish(line, 0, lineLen, special) : null;
            }
            any = true;
            final byte[] b = buf;
            final int start = pos;
            final int stop = end;
            int i = start;
            boolean found = false;
            while (true) {
                // Eight bytes at a time while none is a control byte, DEL or >= 0x80 (the common log line).
                while (i + 8 <= stop) {
                    long x = (long) LONGS.get(b, i);
                    long belowSpaceOrHigh = ((x - 0x2020202020202020L) & ~x) | x;
                    long y = x ^ 0x7f7f7f7f7f7f7f7fL;
                    long del = (y - 0x0101010101010101L) & ~y;
                    if (((belowSpaceOrHigh | del) & 0x8080808080808080L) != 0) {
                        break;
                    }
                    i += 8;
                }
                // Then byte by byte through the word that stopped the scan: signed bytes below 0x20
                // are the C0 controls and everything >= 0x80.
                int limit = Math.min(stop, i + 8);
                for (; i < limit; i++) {
                    byte c = b[i];
                    if (c < 0x20 || c == 0x7f) {
                        if (c == '\n' || c == '\r') {
                            found = true;
                            break;
                        }
                        if (c != '\t') {
                            special = true;
                        }
                    }
                }
                if (found || i >= stop) {
                    break;
                }
            }
            if (i < stop) {
                pos = i + 1;
                if (b[i] == '\r') {
                    if (pos < stop) {
                        if (b[pos] == '\n') {
                            pos++;
                        }
                    } else {
                        pendingCr = true;
                    }
                }
                if (lineLen == 0 && i - start <= maxLine) {
                    return finish(b, start, i - start, special);
                }
                append(b, start, i - start);
                return finish(line, 0, lineLen, special);
            }
            append(b, start, stop - start);
            pos = stop;
        }
    }

    /** From now on plain ASCII lines go to the parser straight from the buffer (see {@link AsciiLineParser}). */
    void parseAsciiWith(AsciiLineParser parser, Consumer<LogRecord> sink) {
        this.fastParser = parser;
        this.fastSink = sink;
    }

    private String finish(byte[] b, int off, int len, boolean special) {
        lineNumber++;
        if (lineCut) {
            cutLines++;
        }
        if (!special) {
            if (fastParser != null && fastParser.parseAscii(lineNumber, b, off, len, fastSink)) {
                return PARSED;
            }
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        return TextCleaner.clean(b, off, len);
    }

    private void append(byte[] b, int off, int len) {
        if (lineCut || len == 0) {
            return;
        }
        if (lineLen + len > maxLine) {
            dropNuls();
        }
        int room = maxLine - lineLen;
        int n = Math.min(room, len);
        if (lineLen + n > line.length) {
            byte[] bigger = new byte[Math.min(maxLine, Math.max(line.length * 2, lineLen + n))];
            System.arraycopy(line, 0, bigger, 0, lineLen);
            line = bigger;
        }
        System.arraycopy(b, off, line, lineLen, n);
        lineLen += n;
        if (n < len) {
            // A run of NULs (a log file preallocated before a crash) must not push real text out of the line.
            dropNuls();
            int more = Math.min(maxLine - lineLen, len - n);
            if (more > 0) {
                for (int k = off + n; k < off + len && lineLen < maxLine; k++) {
                    if (b[k] != 0) {
                        line[lineLen++] = b[k];
                    }
                }
                if (lineLen >= maxLine) {
                    lineCut = true;
                }
            } else {
                lineCut = true;
            }
        }
    }

    private void dropNuls() {
        int w = 0;
        for (int r = 0; r < lineLen; r++) {
            if (line[r] != 0) {
                line[w++] = line[r];
            }
        }
        lineLen = w;
    }

    private boolean fill() {
        if (eof) {
            return false;
        }
        try {
            int n = in.read(buf, 0, buf.length);
            while (n == 0) {
                n = in.read(buf, 0, buf.length);
            }
            if (n < 0) {
                eof = true;
                return false;
            }
            pos = 0;
            end = n;
            bytes += n;
            return true;
        } catch (IOException e) {
            failure = e;
            eof = true;
            return false;
        }
    }

    long lineNumber() {
        return lineNumber;
    }

    long bytes() {
        return bytes;
    }

    long cutLines() {
        return cutLines;
    }

    IOException failure() {
        return failure;
    }
}
