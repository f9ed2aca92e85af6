package dev.crashtriage.render;

import dev.crashtriage.triage.AnalysisReport;
import dev.crashtriage.triage.HostResult;

import java.io.IOException;
import java.io.Writer;

/** Writes an analysis report in one output format. */
public interface Renderer {

    /** Starts a report on {@code out}; the format's opening is written at once. */
    ReportWriter open(RenderOptions options, Writer out) throws IOException;

    /** Writes a whole, finished report. */
    default void render(AnalysisReport report, RenderOptions options, Writer out) throws IOException {
        ReportWriter w = open(options, out);
        for (HostResult r : report.results()) {
            w.result(r);
        }
        w.end(report.problems(), false);
    }
}
