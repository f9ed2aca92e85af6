package dev.crashtriage.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import dev.crashtriage.input.InputProblem;
import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.RunSummary;
import dev.crashtriage.triage.RunSummaryBuilder;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * JSON Lines for log pipelines: one compact object per line, each with a {@code "type"}: a
 * {@code "result"} per (input, host) as soon as it is analysed (the same fields as a JSON report's
 * result, remediation inline so every line stands alone), then an {@code "error"} per input problem,
 * then one {@code "summary"} (the JSON report's summary, plus schema_version, tool and interrupted).
 */
public final class JsonLinesRenderer extends DeclaredRenderer {

    public JsonLinesRenderer() {
        super("jsonl", "jsonl", false);
    }

    @Override
    public ReportWriter open(RenderOptions options, Writer out) throws IOException {
        JsonGenerator g = JsonRenderer.generator(out);
        g.setPrettyPrinter(new MinimalPrettyPrinter(""));
        return new ReportWriter() {
            private final ReportTally tally = new ReportTally();
            private final RunSummaryBuilder summary = new RunSummaryBuilder();

            @Override
            public void result(HostResult r) throws IOException {
                tally.add(r);
                summary.add(r);
                if (options.summaryOnly()) {
                    return;
                }
                g.writeStartObject();
                g.writeStringField("type", "result");
                JsonRenderer.writeResultFields(g, r, null, options.baseline());
                g.writeEndObject();
                line();
            }

            @Override
            public void end(List<InputProblem> problems, boolean interrupted) throws IOException {
                for (InputProblem p : problems) {
                    summary.problem(p);
                    g.writeStartObject();
                    g.writeStringField("type", "error");
                    g.writeStringField("source", p.source());
                    g.writeStringField("message", p.message());
                    g.writeBooleanField("fatal", p.fatal());
                    g.writeStringField("kind", p.kind().id());
                    g.writeEndObject();
                    line();
                }
                summary.skipped(options.skipped());
                RunSummary run = summary.build(options.baseline()::knowsCrash, options.baseline()::knowsSignature);
                g.writeStartObject();
                g.writeStringField("type", "summary");
                g.writeNumberField("schema_version", JsonRenderer.SCHEMA_VERSION);
                g.writeObjectFieldStart("tool");
                g.writeStringField("name", "crashtriage");
                g.writeStringField("version", options.toolVersion());
                g.writeEndObject();
                g.writeBooleanField("interrupted", interrupted);
                g.writeNumberField("results", tally.results);
                g.writeNumberField("incidents", tally.incidents);
                g.writeNumberField("causes", tally.causes);
                g.writeNumberField("input_errors", problems.size());
                JsonRenderer.writeRunSummary(g, run);
                g.writeEndObject();
                line();
            }

            private void line() throws IOException {
                g.flush();
                out.write('\n');
                out.flush();
            }
        };
    }
}
