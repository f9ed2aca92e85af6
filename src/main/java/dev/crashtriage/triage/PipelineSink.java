package dev.crashtriage.triage;

import dev.crashtriage.kernel.BootSession;
import dev.crashtriage.kernel.Incident;

/**
 * What the {@link Pipeline} pushes out as it reads: every method has an empty default, so a sink implements
 * only the events it wants. All calls for one {@link Pipeline.Run} come from the thread that feeds it.
 */
public interface PipelineSink {

    /**
     * An incident is complete (its detector closed it), while the input goes on. Detectors close incidents in
     * their own order, not always by first line, so {@link Incident#id()} is null here; the
     * {@link #hostFinished(HostResult) host's result} holds the same incident numbered by first line. Only kept
     * incidents are heard (at most {@link dev.crashtriage.kernel.IncidentExtractor#MAX_INCIDENTS} per host).
     */
    default void incidentClosed(String source, String host, Incident incident) {
    }

    /** A boot ended: the next boot's first line was read, or the host's stream ended. */
    default void bootClosed(String source, String host, BootSession boot) {
    }

    /** One (input, host) stream is done: its incidents, facts and ranked causes. */
    default void hostFinished(HostResult result) {
    }

    /** An input is done: every one of its hosts has been heard, and this is what reading it found. */
    default void inputFinished(InputResult result) {
    }

    /**
     * True when nobody wants more (the output is closed, the run interrupted): the pipeline then pushes no
     * further host results and starts no further input.
     */
    default boolean stopped() {
        return false;
    }
}
