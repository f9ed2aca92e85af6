package dev.crashtriage.triage;

import dev.crashtriage.input.LogFormat;

/**
 * How to analyse.
 *
 * @param forcedFormat input format forced by the user, or null to detect per input
 */
public record AnalysisOptions(LogFormat forcedFormat) {

    public static AnalysisOptions defaults() {
        return new AnalysisOptions(null);
    }
}
