package dev.crashtriage.render;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.crashtriage.input.InputProblem;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.signature.Evidence;
import dev.crashtriage.signature.Signature;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps): one run; one result per ranked cause,
 * its rule the signature, its location the log file and the lines the cause covers, its evidence as
 * related locations, and {@code partialFingerprints} from the incident fingerprints so a crash seen
 * again in the next run is the same alert. Results are written as they come; the run's
 * {@code tool.driver.rules} (every signature evaluated, plus any generic cause met) follow them, which
 * JSON allows: member order carries no meaning.
 */
public final class SarifRenderer extends DeclaredRenderer {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    /** The partialFingerprints key: a name and a version, as SARIF 3.27.17 recommends. */
    static final String FINGERPRINT_KEY = "crashtriageFinding/v1";

    public SarifRenderer() {
        super("sarif", "sarif", false);
    }

    /** critical and high are errors, medium a warning, low and info notes. */
    static String level(Object severity) {
        switch (ReportFacts.severity(severity)) {
            case "medium":
                return "warning";
            case "low":
            case "info":
                return "note";
            default:
                return "error";
        }
    }

    @Override
    public ReportWriter open(RenderOptions options, Writer out) throws IOException {
        JsonGenerator g = JsonRenderer.generator(out);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("$schema", SCHEMA);
        g.writeStringField("version", "2.1.0");
        g.writeArrayFieldStart("runs");
        g.writeStartObject();
        g.writeArrayFieldStart("results");
        g.flush();
        return new SarifWriter(options, g, out);
    }

    private static final class SarifWriter implements ReportWriter {
        private final RenderOptions options;
        private final JsonGenerator g;
        private final Writer out;
        /** Rule id to its index in tool.driver.rules: the catalogue first, generic causes as met. */
        private final Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        private final Map<String, Cause> extraRules = new LinkedHashMap<>();

        SarifWriter(RenderOptions options, JsonGenerator g, Writer out) {
            this.options = options;
            this.g = g;
            this.out = out;
            for (Signature s : options.signatures()) {
                ruleIndex.putIfAbsent(s.id(), ruleIndex.size());
            }
        }

        @Override
        public void result(HostResult r) throws IOException {
            for (Cause c : r.causes()) {
                Integer index = ruleIndex.get(c.signature());
                if (index == null) {
                    index = ruleIndex.size();
                    ruleIndex.put(c.signature(), index);
                    extraRules.put(c.signature(), c);
                }
                writeResult(c, r, index);
            }
            g.flush();
        }

        private void writeResult(Cause c, HostResult r, int index) throws IOException {
            ReportFacts.Span span = ReportFacts.span(c, r);
            g.writeStartObject();
            g.writeStringField("ruleId", c.signature());
            g.writeNumberField("ruleIndex", index);
            g.writeStringField("level", level(c.severity()));
            g.writeObjectFieldStart("message");
            g.writeStringField("text", message(c, r));
            g.writeEndObject();
            g.writeArrayFieldStart("locations");
            g.writeStartObject();
            writePhysical(span.source(), span.line(), span.endLine());
            g.writeEndObject();
            g.writeEndArray();
            if (!c.evidence().isEmpty()) {
                g.writeArrayFieldStart("relatedLocations");
                int id = 0;
                for (Evidence e : c.evidence()) {
                    g.writeStartObject();
                    g.writeNumberField("id", id++);
                    writePhysical(e.source(), Math.max(1, e.line()), Math.max(1, e.line()));
                    g.writeObjectFieldStart("message");
                    g.writeStringField("text", ControlCharEscaper.escape(e.text(), ControlCharEscaper.DEFAULT_MAX_CHARS));
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeObjectFieldStart("partialFingerprints");
            g.writeStringField(FINGERPRINT_KEY, ReportFacts.fingerprint(c, r));
            g.writeEndObject();
            if (!options.baseline().isEmpty()) {
                // SARIF's own baseline vocabulary: "unchanged" for what the baseline knew, "new" for the rest
                g.writeStringField("baselineState", options.baseline().knowsCause(c, r) ? "unchanged" : "new");
            }
            g.writeObjectFieldStart("properties");
            g.writeNumberField("rank", c.rank());
            g.writeNumberField("confidence", Math.round(c.confidence() * 100) / 100.0);
            g.writeStringField("severity", ReportFacts.severity(c.severity()));
            g.writeStringField("host", r.host());
            g.writeArrayFieldStart("incidents");
            for (Incident i : ReportFacts.explained(c, r)) {
                g.writeStartObject();
                g.writeStringField("id", i.id());
                g.writeStringField("kind", i.kind().id());
                g.writeStringField("title", i.title());
                g.writeStringField("fingerprint", i.fingerprint());
                g.writeNumberField("line", i.line());
                g.writeNumberField("end_line", i.endLine());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        }

        private String message(Cause c, HostResult r) {
            StringBuilder b = new StringBuilder();
            b.append(ControlCharEscaper.escape(c.title(), ControlCharEscaper.DEFAULT_MAX_CHARS));
            b.append(String.format(java.util.Locale.ROOT, " (confidence %.2f", c.confidence()));
            if (r.host() != null) {
                b.append(", host ").append(ControlCharEscaper.escape(r.host(), 200));
            }
            b.append(')');
            List<Incident> explained = ReportFacts.explained(c, r);
            if (!explained.isEmpty()) {
                b.append(": explains ").append(ControlCharEscaper.escape(explained.get(0).title(), 300));
                if (explained.size() > 1) {
                    b.append(" and ").append(explained.size() - 1).append(" more");
                }
            }
            b.append('.');
            return b.toString();
        }

        private void writePhysical(String source, long line, long endLine) throws IOException {
            g.writeObjectFieldStart("physicalLocation");
            g.writeObjectFieldStart("artifactLocation");
            g.writeStringField("uri", ReportFacts.uri(source));
            g.writeEndObject();
            g.writeObjectFieldStart("region");
            g.writeNumberField("startLine", line);
            g.writeNumberField("endLine", Math.max(line, endLine));
            g.writeEndObject();
            g.writeEndObject();
        }

        @Override
        public void end(List<InputProblem> problems, boolean interrupted) throws IOException {
            g.writeEndArray();
            g.writeObjectFieldStart("tool");
            g.writeObjectFieldStart("driver");
            g.writeStringField("name", "crashtriage");
            g.writeStringField("version", options.toolVersion());
            g.writeArrayFieldStart("rules");
            for (Signature s : options.signatures()) {
                // the same words `crashtriage explain` prints: the mechanism, then what the signature matches on
                String full = (s.description() == null ? s.title() : s.description().strip())
                        + "\n\nMatches when: " + SignatureText.condition(s) + ".";
                writeRule(s.id(), s.title(), full, s.severity(), s.steps(), s.confirm(), s.references(), s.area());
            }
            for (Cause c : extraRules.values()) {
                writeRule(c.signature(), c.title(), c.description(), c.severity(), c.remediation().steps(),
                        c.remediation().confirm(), c.references(), null);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeArrayFieldStart("invocations");
            g.writeStartObject();
            boolean fatal = problems.stream().anyMatch(InputProblem::fatal);
            g.writeBooleanField("executionSuccessful", !fatal && !interrupted);
            if (!problems.isEmpty() || interrupted) {
                g.writeArrayFieldStart("toolExecutionNotifications");
                for (InputProblem p : problems) {
                    g.writeStartObject();
                    g.writeStringField("level", p.fatal() ? "error" : "warning");
                    g.writeObjectFieldStart("message");
                    g.writeStringField("text", ControlCharEscaper.escape(p.source() + ": " + p.message(),
                            ControlCharEscaper.DEFAULT_MAX_CHARS));
                    g.writeEndObject();
                    g.writeArrayFieldStart("locations");
                    g.writeStartObject();
                    g.writeObjectFieldStart("physicalLocation");
                    g.writeObjectFieldStart("artifactLocation");
                    g.writeStringField("uri", ReportFacts.uri(p.source()));
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeEndObject();
                    g.writeEndArray();
                    g.writeObjectFieldStart("properties");
                    g.writeStringField("kind", p.kind().id());
                    g.writeEndObject();
                    g.writeEndObject();
                }
                if (interrupted) {
                    g.writeStartObject();
                    g.writeStringField("level", "error");
                    g.writeObjectFieldStart("message");
                    g.writeStringField("text", "interrupted: the results are partial (inputs analysed so far)");
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.flush();
            out.write('\n');
            out.flush();
        }

        private void writeRule(String id, String title, String description, Object severity, List<String> steps,
                               List<String> confirm, List<String> references, String area) throws IOException {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeObjectFieldStart("shortDescription");
            g.writeStringField("text", title);
            g.writeEndObject();
            g.writeObjectFieldStart("fullDescription");
            g.writeStringField("text", description == null || description.isBlank() ? title : description.strip());
            g.writeEndObject();
            String helpUri = references.stream().filter(u -> u.startsWith("https://") || u.startsWith("http://"))
                    .findFirst().orElse(null);
            if (helpUri != null && !helpUri.contains(" ")) {
                g.writeStringField("helpUri", helpUri);
            }
            g.writeObjectFieldStart("help");
            g.writeStringField("text", SignatureText.helpText(null, steps, confirm, references));
            g.writeStringField("markdown", SignatureText.helpMarkdown(null, steps, confirm, references));
            g.writeEndObject();
            g.writeObjectFieldStart("defaultConfiguration");
            g.writeStringField("level", level(severity));
            g.writeEndObject();
            g.writeObjectFieldStart("properties");
            g.writeStringField("severity", ReportFacts.severity(severity));
            if (area != null) {
                g.writeArrayFieldStart("tags");
                g.writeString(area);
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
    }
}
