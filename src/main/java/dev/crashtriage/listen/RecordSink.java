package dev.crashtriage.listen;

import dev.crashtriage.input.LogRecord;

/**
 * Where the listener delivers each host's records, in order, and what it says about the host's life. All calls
 * come from the listener's one processing thread.
 */
interface RecordSink {
    RecordSink NONE = new RecordSink() {
        @Override
        public void record(Host host, LogRecord r) {
        }
    };

    void record(Host host, LogRecord r);

    /** The host has been quiet for the quiet interval after sending something: what it left open can close. */
    default void quiet(Host host) {
    }

    /** The host rebooted (a sequence reset): called before the new boot's first record. */
    default void rebooted(Host host) {
    }

    /** Called on the processing thread every tick (about every 20 ms), so a sink can act on time. */
    default void tick(long nanos) {
    }

    /** Incidents reported so far, for the status line. */
    default long incidents() {
        return 0;
    }

    /** Shutdown: everything queued has been delivered; finish every host. */
    default void finish() {
    }
}
