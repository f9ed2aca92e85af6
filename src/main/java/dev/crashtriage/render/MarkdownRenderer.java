package dev.crashtriage.render;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.signature.Evidence;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.RunSummary;
import dev.crashtriage.triage.RunSummaryBuilder;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A compact markdown report for {@code $GITHUB_STEP_SUMMARY} or a merge-request comment: a headline,
 * the distinct crashes and causes across inputs as tables, then one collapsed section per input with
 * causes (evidence and what to do inside), then input problems. Everything from the log is escaped
 * ({@link Markdown}): it cannot become a link, an image, HTML or a table row of its own.
 */
public final class MarkdownRenderer extends DeclaredRenderer {
    /** Inputs detailed; the tables above already count them all. */
    static final int DETAILED_INPUTS = 50;
    private static final int MAX = 300;

    public MarkdownRenderer() {
        super("markdown", "md", false);
    }

    @Override
    public ReportWriter open(RenderOptions options, Writer out) {
        PrintWriter w = new PrintWriter(out);
        return new ReportWriter() {
            private final RunSummaryBuilder summary = new RunSummaryBuilder();
            // the tables come first but are only known at the end: the per-input sections wait, bounded
            private final List<String> sections = new ArrayList<>();
            private int notDetailed;

            @Override
            public void result(HostResult r) {
                summary.add(r);
                if (options.summaryOnly() || r.causes().isEmpty()) {
                    return;
                }
                if (sections.size() >= DETAILED_INPUTS) {
                    notDetailed++;
                    return;
                }
                StringBuilder b = new StringBuilder();
                Cause top = r.causes().get(0);
                b.append("<details><summary>").append(Markdown.text(r.source(), MAX))
                        .append(r.host() == null ? "" : " (host " + Markdown.text(r.host(), MAX) + ")")
                        .append(": ").append(Markdown.text(top.title(), MAX))
                        .append(String.format(Locale.ROOT, " (%s, %.2f)", ReportFacts.severity(top.severity()),
                                top.confidence()))
                        .append(r.causes().size() > 1 ? " and " + (r.causes().size() - 1) + " more" : "")
                        .append("</summary>\n\n");
                for (Cause c : r.causes()) {
                    b.append(String.format(Locale.ROOT, "**#%d %s** — %s, confidence %.2f, `%s`\n\n", c.rank(),
                            Markdown.text(c.title(), MAX), ReportFacts.severity(c.severity()), c.confidence(),
                            Markdown.text(c.signature(), MAX)));
                    for (Evidence e : ReportFacts.topEvidence(c, 5)) {
                        b.append("- ").append(Markdown.text(e.source(), MAX)).append(':').append(e.line()).append(": ")
                                .append(Markdown.code(e.text(), MAX)).append('\n');
                    }
                    if (!c.remediation().steps().isEmpty()) {
                        b.append("\nWhat to do:\n\n");
                        int n = 1;
                        for (String s : c.remediation().steps()) {
                            b.append(n++).append(". ").append(Markdown.text(s)).append('\n');
                        }
                    }
                    b.append('\n');
                }
                b.append("</details>\n");
                sections.add(b.toString());
            }

            @Override
            public void end(List<InputProblem> problems, boolean interrupted) {
                problems.forEach(summary::problem);
                summary.skipped(options.skipped());
                RunSummary run = summary.build(options.baseline()::knowsCrash, options.baseline()::knowsSignature);
                w.printf(Locale.ROOT, "## crashtriage: %d of %d input%s with kernel incidents%n%n",
                        run.inputsWithIncidents(), run.inputs(), run.inputs() == 1 ? "" : "s");
                w.printf(Locale.ROOT, "%d distinct crash%s, %d distinct cause%s, %d input error%s%s%s%n%n",
                        run.crashes().size(), run.crashes().size() == 1 ? "" : "es", run.causes().size(),
                        run.causes().size() == 1 ? "" : "s", run.inputErrors(), run.inputErrors() == 1 ? "" : "s",
                        run.skipped() == 0 ? "" : ", " + run.skipped() + (run.skipped() == 1 ? " file" : " files") + " skipped",
                        interrupted ? " — **interrupted: partial report**" : "");
                if (!run.crashes().isEmpty()) {
                    w.println("| count | inputs | crash | kind | fingerprint |");
                    w.println("| ---: | ---: | --- | --- | --- |");
                    for (RunSummary.Crash c : run.crashes()) {
                        w.printf(Locale.ROOT, "| %d | %d | %s%s | %s | %s |%n", c.count(), c.inputCount(),
                                Markdown.text(c.title(), MAX),
                                c.titles().size() > 1 ? " (+" + (c.titles().size() - 1) + " titles)" : "",
                                c.kind(), Markdown.text(String.join(" ", c.fingerprints()), MAX)
                                        + (c.known() ? " (known)" : ""));
                    }
                    w.println();
                }
                if (!run.causes().isEmpty()) {
                    w.println("| count | inputs | likely cause | severity | signature |");
                    w.println("| ---: | ---: | --- | --- | --- |");
                    for (RunSummary.CauseCount c : run.causes()) {
                        w.printf(Locale.ROOT, "| %d | %d | %s | %s | %s%s |%n", c.count(), c.inputCount(),
                                Markdown.text(c.title(), MAX), ReportFacts.severity(c.severity()),
                                Markdown.text(c.signature(), MAX), c.known() ? " (known)" : "");
                    }
                    w.println();
                }
                for (String s : sections) {
                    w.println(s);
                }
                if (notDetailed > 0) {
                    w.println("... and " + notDetailed + " more inputs with causes (see the full report)");
                    w.println();
                }
                if (!problems.isEmpty()) {
                    w.println("### Input problems");
                    w.println();
                    for (InputProblem p : problems) {
                        w.println("- " + (p.fatal() ? "**error** " : "note ") + Markdown.text(p.source(), MAX) + ": "
                                + Markdown.text(p.message(), ControlCharEscaper.DEFAULT_MAX_CHARS));
                    }
                    w.println();
                }
                w.flush();
            }
        };
    }
}
