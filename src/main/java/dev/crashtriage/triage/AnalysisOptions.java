package dev.crashtriage.triage;

import dev.crashtriage.input.LogFormat;

/**
 * How to analyse.
 *
 * @param forcedFormat input format forced by the user, or null to detect per input
 * @param parallel     read, parse and match signatures on a second thread (same results; see
 *                     {@link Pipeline#run(String, RecordSource, PipelineSink)})
 */
public record AnalysisOptions(LogFormat forcedFormat, boolean parallel) {

    public AnalysisOptions(LogFormat forcedFormat) {
        this(forcedFormat, true);
    }

    public static AnalysisOptions defaults() {
        return new AnalysisOptions(null);
    }

    /** The same analysis on the calling thread alone (the reference the parallel path is tested against). */
    public AnalysisOptions singleThreaded() {
        return new AnalysisOptions(forcedFormat, false);
    }
}
