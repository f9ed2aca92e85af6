package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.function.Consumer;

/**
 * A detector that gathers a burst of related kernel lines (an I/O error storm, a machine-check report, a NIC
 * timeout with its register dump) into one open episode at a time, and emits it when the burst ends.
 *
 * @param <E> the detector's own episode state
 */
abstract class EpisodeDetector<E extends EpisodeDetector.Episode> implements Detector {

    /** The state of one burst; becomes one incident. */
    interface Episode {
        IncidentBuilder finish();
    }

    /** The episode being gathered, or null. */
    protected E open;

    @Override
    public final void accept(LogRecord r, Consumer<IncidentBuilder> emit) {
        if (r.kernel()) {
            acceptKernelLine(r, r.text(), emit);
        } else {
            acceptConsoleLine(r, r.text(), emit);
        }
    }

    /**
     * A line the input layer did not call a kernel line, such as systemd's status text with a kernel message glued
     * behind it on a serial console. Ignored unless a detector can find a kernel message of its own inside.
     */
    protected void acceptConsoleLine(LogRecord r, String t, Consumer<IncidentBuilder> emit) {
    }

    /** One kernel line (other programs' lines never belong to a kernel episode). */
    protected abstract void acceptKernelLine(LogRecord r, String t, Consumer<IncidentBuilder> emit);

    @Override
    public final void finish(Consumer<IncidentBuilder> emit) {
        if (open != null) {
            close(emit);
        }
        onFinish(emit);
    }

    /** End of the stream, after the open episode was emitted: a detector that holds more episodes emits them. */
    protected void onFinish(Consumer<IncidentBuilder> emit) {
    }

    /** Emits the open episode and forgets it. */
    protected final void close(Consumer<IncidentBuilder> emit) {
        emit.accept(open.finish());
        open = null;
    }
}
