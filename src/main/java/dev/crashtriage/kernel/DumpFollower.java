package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.function.Consumer;

/**
 * Holds one incident open while the dump lines printed right after its first line keep coming
 * (stack, registers, Mem-Info), and hands it over when a line of another shape or a pause ends it.
 */
final class DumpFollower {
    private final double maxGapSeconds;
    private final int maxLines;
    private IncidentBuilder open;
    private LogRecord last;
    private int count;

    DumpFollower(double maxGapSeconds, int maxLines) {
        this.maxGapSeconds = maxGapSeconds;
        this.maxLines = maxLines;
    }

    /** Offers a line to the open incident; false (and the incident emitted) when the line is not part of it. */
    boolean offer(LogRecord r, Consumer<IncidentBuilder> emit) {
        if (open == null) {
            return false;
        }
        if (count < maxLines && RecordClock.near(last, r, maxGapSeconds, maxLines) && DumpLines.continues(r.text())) {
            open.add(r);
            last = r;
            count++;
            return true;
        }
        flush(emit);
        return false;
    }

    /** Notes a line the caller added to the open incident itself, so the pause is measured from it. */
    void extend(LogRecord r) {
        last = r;
        count++;
    }

    void start(IncidentBuilder b, LogRecord first, Consumer<IncidentBuilder> emit) {
        flush(emit);
        open = b;
        last = first;
        count = 1;
    }

    IncidentBuilder current() {
        return open;
    }

    void flush(Consumer<IncidentBuilder> emit) {
        if (open != null) {
            emit.accept(open);
            open = null;
        }
    }
}
