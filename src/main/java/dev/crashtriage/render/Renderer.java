package dev.crashtriage.render;

import dev.crashtriage.triage.AnalysisReport;
import dev.crashtriage.triage.HostResult;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes an analysis report in one output format. Each renderer declares what it is, so the shared
 * tests (golden files, hostile log lines, fuzzing) run over {@link RendererRegistry} and a new format
 * is covered by registering it.
 */
public interface Renderer {

    /** The {@code --format} name. */
    String name();

    /** The file extension its reports usually get, without the dot ("sarif", "xml"). */
    String extension();

    /** Whether it may use ANSI colour on a terminal; formats read by programs never do. */
    boolean mayColor();

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
