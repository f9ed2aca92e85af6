package dev.crashtriage.render;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.crashtriage.input.InputProblem;
import dev.crashtriage.signature.Evidence;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * GitLab Code Quality (a Code Climate issue array): one issue per cause with description,
 * check_name (the signature), fingerprint (stable across runs, from the incident fingerprints),
 * severity and location (path and first line), plus one per input error, so a merge request's
 * Code Quality widget shows what is new.
 */
public final class GitlabRenderer extends DeclaredRenderer {

    public GitlabRenderer() {
        super("gitlab", "json", false);
    }

    /** GitLab's five levels: info, minor, major, critical, blocker. */
    static String severity(Object severity) {
        switch (ReportFacts.severity(severity)) {
            case "info":
                return "info";
            case "low":
                return "minor";
            case "medium":
                return "major";
            case "high":
                return "critical";
            default:
                return "blocker";
        }
    }

    @Override
    public ReportWriter open(RenderOptions options, Writer out) throws IOException {
        JsonGenerator g = JsonRenderer.generator(out);
        g.useDefaultPrettyPrinter();
        g.writeStartArray();
        g.flush();
        return new ReportWriter() {
            @Override
            public void result(HostResult r) throws IOException {
                for (Cause c : r.causes()) {
                    ReportFacts.Span span = ReportFacts.span(c, r);
                    StringBuilder d = new StringBuilder(ControlCharEscaper.escape(c.title(), 300));
                    d.append(String.format(Locale.ROOT, " (confidence %.2f", c.confidence()));
                    if (r.host() != null) {
                        d.append(", host ").append(ControlCharEscaper.escape(r.host(), 200));
                    }
                    d.append(')');
                    List<Evidence> top = ReportFacts.topEvidence(c, 1);
                    if (!top.isEmpty()) {
                        d.append(": ").append(ControlCharEscaper.escape(top.get(0).text(), 300));
                    }
                    g.writeStartObject();
                    g.writeStringField("type", "issue");
                    g.writeStringField("description", d.toString());
                    g.writeStringField("check_name", c.signature());
                    g.writeStringField("fingerprint", ReportFacts.fingerprint(c, r));
                    g.writeStringField("severity", severity(c.severity()));
                    g.writeArrayFieldStart("categories");
                    g.writeString("Bug Risk");
                    g.writeEndArray();
                    g.writeObjectFieldStart("content");
                    g.writeStringField("body", SignatureText.helpMarkdown(null, c.remediation().steps(),
                            c.remediation().confirm(), c.references()));
                    g.writeEndObject();
                    location(g, span.source(), span.line());
                    g.writeEndObject();
                }
                g.flush();
            }

            @Override
            public void end(List<InputProblem> problems, boolean interrupted) throws IOException {
                for (InputProblem p : problems) {
                    if (!p.fatal()) {
                        continue;
                    }
                    g.writeStartObject();
                    g.writeStringField("type", "issue");
                    g.writeStringField("description", ControlCharEscaper.escape(p.source() + ": " + p.message(),
                            ControlCharEscaper.DEFAULT_MAX_CHARS));
                    g.writeStringField("check_name", "crashtriage-input-" + p.kind().id().replace('_', '-'));
                    g.writeStringField("fingerprint", ReportFacts.sha256("input|" + p.source() + "|" + p.kind().id())
                            .substring(0, 32));
                    g.writeStringField("severity", "major");
                    location(g, p.source(), 1);
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.flush();
                out.write('\n');
                out.flush();
            }
        };
    }

    private static void location(JsonGenerator g, String source, long line) throws IOException {
        g.writeObjectFieldStart("location");
        g.writeStringField("path", source.equals("-") ? "stdin" : source);
        g.writeObjectFieldStart("lines");
        g.writeNumberField("begin", line);
        g.writeEndObject();
        g.writeEndObject();
    }
}
