package dev.crashtriage.input;

import java.io.IOException;

/** Reading a FIFO or device stopped at its size or idle-time bound; the message says which, for the user. */
final class ReadBoundException extends IOException {
    ReadBoundException(String message) {
        super(message);
    }
}
