package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

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

    /**
     * The literals that wake this detector: while it {@linkplain #holdsOpenState() holds no open state}, a line
     * holding none of them changes nothing, so the {@link DetectorGate} does not show it the line. Null (the
     * default): the detector reads every line. Each literal has at least three characters.
     */
    default List<String> wakeLiterals() {
        return null;
    }

    /**
     * A cheap test of a line's shape that wakes this detector as a {@linkplain #wakeLiterals() wake literal} does,
     * for the lines it acts on that share no literal of three characters (a stack frame cut after its "+"). It must
     * answer from the text alone and be true of every such line. Null (the default): literals alone wake it.
     */
    default Predicate<String> wakeShape() {
        return null;
    }

    /**
     * Whether the detector now holds state that a line without a wake literal could change (an open report, a burst
     * being followed): it then sees every line until it is idle again. True by default.
     */
    default boolean holdsOpenState() {
        return true;
    }
}
