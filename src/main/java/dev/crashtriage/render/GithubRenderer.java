package dev.crashtriage.render;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.signature.Evidence;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.RunSummary;
import dev.crashtriage.triage.RunSummaryBuilder;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GitHub Actions workflow commands: one annotation per cause ({@code ::error}, {@code ::warning} or
 * {@code ::notice} by severity) on the log file and lines it covers, one per input problem, and a
 * closing notice with the cross-input summary. Values are escaped exactly as the Actions toolkit's
 * {@code @actions/core} command.ts does (data: % CR LF; properties also : and ,), after the log's
 * own control characters are made visible, so a log line can neither end the command nor start
 * another one.
 */
public final class GithubRenderer extends DeclaredRenderer {
    private static final int MAX = 500;

    public GithubRenderer() {
        super("github", "txt", false);
    }

    /** critical and high fail the check as errors, medium warns, low and info are notices. */
    static String command(Object severity) {
        switch (ReportFacts.severity(severity)) {
            case "medium":
                return "warning";
            case "low":
            case "info":
                return "notice";
            default:
                return "error";
        }
    }

    /** @actions/core escapeData: the message after "::". */
    static String escapeData(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** @actions/core escapeProperty: a key=value property. */
    static String escapeProperty(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C");
    }

    /** One workflow command line; properties with an empty value are left out, as the toolkit does. */
    static String issue(String command, Map<String, String> properties, String message) {
        StringBuilder b = new StringBuilder("::").append(command);
        boolean first = true;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty()) {
                continue;
            }
            b.append(first ? " " : ",").append(e.getKey()).append('=').append(escapeProperty(e.getValue()));
            first = false;
        }
        return b.append("::").append(escapeData(message)).toString();
    }

    private static String visible(String s) {
        return ControlCharEscaper.escape(s, MAX);
    }

    @Override
    public ReportWriter open(RenderOptions options, Writer out) {
        PrintWriter w = new PrintWriter(out);
        return new ReportWriter() {
            private final RunSummaryBuilder summary = new RunSummaryBuilder();

            @Override
            public void result(HostResult r) {
                summary.add(r);
                for (Cause c : r.causes()) {
                    ReportFacts.Span span = ReportFacts.span(c, r);
                    Map<String, String> p = new LinkedHashMap<>();
                    p.put("file", visible(span.source()));
                    p.put("line", Long.toString(span.line()));
                    p.put("endLine", Long.toString(span.endLine()));
                    p.put("title", visible(c.title()));
                    List<String> lines = new ArrayList<>();
                    lines.add(String.format(Locale.ROOT, "%s, confidence %.2f, signature %s%s%s",
                            ReportFacts.severity(c.severity()), c.confidence(), visible(c.signature()),
                            r.host() == null ? "" : ", host " + visible(r.host()),
                            options.baseline().isEmpty() ? "" : options.baseline().knowsCause(c, r)
                                    ? ", known (in the baseline)" : ", new"));
                    for (Evidence e : ReportFacts.topEvidence(c, 3)) {
                        lines.add(visible(e.source()) + ":" + e.line() + ": " + visible(e.text()));
                    }
                    if (!c.remediation().steps().isEmpty()) {
                        lines.add("What to do: " + visible(c.remediation().steps().get(0)));
                    }
                    lines.add("More: crashtriage explain " + visible(c.signature()));
                    w.println(issue(command(c.severity()), p, String.join("\n", lines)));
                }
                w.flush();
            }

            @Override
            public void end(List<InputProblem> problems, boolean interrupted) {
                for (InputProblem p : problems) {
                    summary.problem(p);
                    Map<String, String> props = new LinkedHashMap<>();
                    props.put("file", p.source().equals("-") ? "" : visible(p.source()));
                    props.put("title", p.fatal() ? "crashtriage: input error" : "crashtriage: input note");
                    w.println(issue(p.fatal() ? "error" : "warning", props, visible(p.source()) + ": " + visible(p.message())));
                }
                summary.skipped(options.skipped());
                RunSummary run = summary.build(options.baseline()::knowsCrash, options.baseline()::knowsSignature);
                Map<String, String> props = new LinkedHashMap<>();
                props.put("title", "crashtriage summary");
                w.println(issue("notice", props, String.format(Locale.ROOT,
                        "%d inputs analysed, %d with incidents, %d distinct crashes, %d distinct causes, %d input errors%s",
                        run.inputs(), run.inputsWithIncidents(), run.crashes().size(), run.causes().size(),
                        run.inputErrors(), interrupted ? " (interrupted: partial)" : "")));
                w.flush();
            }
        };
    }
}
