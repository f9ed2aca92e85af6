package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.function.Consumer;

/**
 * One family of incident detection (crash reports, OOM kills, I/O errors...). Detectors see every
 * record of one (input, host) stream in order and emit finished incidents; the
 * {@link IncidentExtractor} numbers and orders them.
 */
public interface Detector {

    void accept(LogRecord record, Consumer<IncidentBuilder> emit);

    /** End of the stream: emit whatever is still open. */
    default void finish(Consumer<IncidentBuilder> emit) {
    }
}
