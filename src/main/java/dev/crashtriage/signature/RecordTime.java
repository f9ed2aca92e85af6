package dev.crashtriage.signature;

import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.RecordClock;

/**
 * A record's time in seconds for counting windows: read from the kernel layer's {@link RecordClock}, so that
 * count windows and the detectors' episodes measure time the same way.
 */
final class RecordTime {
    private RecordTime() {
    }

    static double seconds(LogRecord r) {
        return RecordClock.seconds(r);
    }

    static double wallSeconds(String w) {
        return RecordClock.wallSeconds(w);
    }
}
