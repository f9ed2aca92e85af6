package dev.crashtriage.input;

import java.util.function.Consumer;

/**
 * A parser that can take the common line apart straight from the read buffer, building only the
 * text's String instead of the whole line's and then a substring of it. Only lines of plain
 * printable ASCII come here; returning false hands the line to the ordinary String path.
 */
interface AsciiLineParser {
    boolean parseAscii(long lineNo, byte[] b, int off, int len, Consumer<LogRecord> out);
}
