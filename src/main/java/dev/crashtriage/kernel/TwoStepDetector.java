package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.function.Consumer;

/**
 * A detector whose reading of a line splits in two: a stateless step ({@link #prepare}: what its pattern table finds
 * in the line, the costly part) that depends on the record alone and so may run on another thread (the pipeline's
 * reading thread, through a {@link DetectorGate}), and the stateful step ({@link #accept(LogRecord, Object,
 * Consumer)}) that the stream's own thread runs in record order. {@link #accept(LogRecord, Consumer)} is the two
 * steps on one thread, so both paths give the same incidents.
 */
public interface TwoStepDetector extends Detector {

    /**
     * What the line holds for this detector, or null when nothing: the answer for every line that does not
     * {@linkplain #wakeLiterals() wake} it must be null (a gate prepares only the lines that wake the detector).
     * Reads no state of this instance, so any instance of the class, on any thread, gives the same answer.
     */
    Object prepare(LogRecord record);

    /** The stateful step, with what {@link #prepare} gave for this record. */
    void accept(LogRecord record, Object prepared, Consumer<IncidentBuilder> emit);

    @Override
    default void accept(LogRecord record, Consumer<IncidentBuilder> emit) {
        accept(record, prepare(record), emit);
    }
}
