package dev.crashtriage.render;

import dev.crashtriage.triage.AnalysisReport;

import java.io.IOException;
import java.io.Writer;

/** Writes an analysis report in one output format. */
public interface Renderer {

    void render(AnalysisReport report, RenderOptions options, Writer out) throws IOException;
}
