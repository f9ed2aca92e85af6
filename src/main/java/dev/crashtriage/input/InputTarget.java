package dev.crashtriage.input;

import java.io.IOException;
import java.io.InputStream;

/**
 * One input to analyse, not yet opened: a file (from the command line or a directory walk) or stdin.
 *
 * @param name   how reports name it: the path as given, or "-" for stdin
 * @param opener opens the raw (still compressed) byte stream
 */
public record InputTarget(String name, Opener opener) {

    /** Opens the raw bytes of an input. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }
}
