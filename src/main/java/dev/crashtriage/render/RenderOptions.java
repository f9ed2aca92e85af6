package dev.crashtriage.render;

import dev.crashtriage.signature.Signature;
import dev.crashtriage.triage.Baseline;

import java.util.List;

/**
 * How output looks, and what a report needs to know about the run besides its results.
 *
 * @param color       use ANSI colour (only ever true for a renderer that {@link Renderer#mayColor() may colour},
 *                    on a terminal)
 * @param toolVersion the crashtriage version to report
 * @param verbose     show more evidence and every frame
 * @param signatures  the signatures evaluated (SARIF rules, JUnit test cases)
 * @param baseline    known crashes and causes (marked as known; only new ones fail the gate)
 * @param skipped     files inside directories that were left out, for the summary
 * @param timestamp   when the run started, ISO-8601 local time without zone (JUnit wants that form)
 * @param summaryOnly print only the cross-input summary, not each result
 */
public record RenderOptions(boolean color, String toolVersion, boolean verbose, List<Signature> signatures,
                            Baseline baseline, int skipped, String timestamp, boolean summaryOnly) {

    /** A fixed time for reports whose run time does not matter (tests, golden files). */
    public static final String EPOCH = "1970-01-01T00:00:00";

    public RenderOptions(boolean color, String toolVersion, boolean verbose) {
        this(color, toolVersion, verbose, List.of(), Baseline.empty(), 0, EPOCH, false);
    }
}
