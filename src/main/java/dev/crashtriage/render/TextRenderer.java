package dev.crashtriage.render;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.kernel.BootSession;
import dev.crashtriage.kernel.Frame;
import dev.crashtriage.kernel.Headline;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.kernel.KernelFacts;
import dev.crashtriage.signature.Evidence;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.RunSummary;
import dev.crashtriage.triage.RunSummaryBuilder;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The human report: per result, host and kernel, the likely causes first with evidence and what to
 * do, then the incidents; a summary line at the end. Everything that came from the log goes through
 * {@link ControlCharEscaper}, so the only line starts and escapes in the output are our own.
 */
public final class TextRenderer extends DeclaredRenderer {
    /** Frames shown per incident unless --verbose. */
    static final int TOP_FRAMES = 6;
    /** Evidence lines shown per cause unless --verbose. */
    static final int TOP_EVIDENCE = 8;

    public TextRenderer() {
        super("text", "txt", true);
    }

    @Override
    public ReportWriter open(RenderOptions options, Writer out) {
        return new TextReportWriter(options, new PrintWriter(out));
    }

    private static final class TextReportWriter implements ReportWriter {
        private final RenderOptions options;
        private final PrintWriter out;
        private final Style s;
        private final ReportTally tally = new ReportTally();
        private final RunSummaryBuilder summary = new RunSummaryBuilder();

        TextReportWriter(RenderOptions options, PrintWriter out) {
            this.options = options;
            this.out = out;
            this.s = new Style(options.color());
        }

        @Override
        public void result(HostResult r) {
            tally.add(r);
            summary.add(r);
            if (options.summaryOnly()) {
                return;
            }
            out.println(s.bold("== " + esc(r.source()) + (r.host() == null ? "" : " (host " + esc(r.host()) + ")")));
            writeKernel(r);
            if (r.causes().isEmpty() && r.incidents().isEmpty()) {
                out.println("no kernel incidents found");
            }
            if (!r.causes().isEmpty()) {
                out.println();
                out.println(s.bold("Likely causes"));
            }
            for (Cause c : r.causes()) {
                writeCause(c, r.incidents());
            }
            if (!r.incidents().isEmpty()) {
                out.println();
                out.println(s.bold("Incidents"));
            }
            // The crash first: it is the headline over a storage or filesystem episode printed around it.
            for (Incident i : Headline.headlineFirst(r.incidents())) {
                writeIncident(i);
            }
            writeContext(r);
            out.println();
            out.flush();
        }

        /** Counts of what is not listed: context lines, and incidents past the per-stream limit (never silently). */
        private void writeContext(HostResult r) {
            if (r.context().isEmpty()) {
                return;
            }
            StringBuilder b = new StringBuilder();
            Integer notKept = null;
            for (Map.Entry<String, Integer> e : r.context().entrySet()) {
                if (e.getKey().equals("incidents_not_kept")) {
                    notKept = e.getValue();
                    continue;
                }
                b.append(b.length() == 0 ? "" : ", ").append(esc(e.getKey())).append(' ').append(e.getValue());
            }
            if (notKept != null) {
                out.println("  ... and " + notKept + " more incidents, counted but not kept (limit per result reached)");
            }
            if (b.length() > 0) {
                out.println("context lines (not incidents): " + b);
            }
        }

        private void writeKernel(HostResult r) {
            KernelFacts k = r.kernel();
            StringBuilder b = new StringBuilder();
            b.append("format ").append(r.format() == null ? "?" : r.format().id()).append(", ").append(r.lines())
                    .append(r.lines() == 1 ? " line" : " lines");
            if (k.version() != null) {
                b.append(", kernel ").append(esc(k.version()));
            }
            if (k.arch() != null) {
                b.append(" (").append(esc(k.arch())).append(')');
            }
            out.println(b);
            if (k.hardware() != null) {
                out.println("hardware " + esc(k.hardware()));
            }
            if (k.taint() != null) {
                out.println("tainted " + esc(k.taint())
                        + (k.taintFlags().isEmpty() ? "" : " (" + esc(String.join(", ", k.taintFlags())) + ")"));
            }
            List<BootSession> boots = k.boots();
            if (boots.size() > 1 || boots.stream().anyMatch(BootSession::unclean)) {
                long unclean = boots.stream().filter(BootSession::unclean).count();
                out.println(boots.size() + " boots" + (unclean == 0 ? "" : ", " + unclean + " after an unclean stop")
                        + ": lines " + joinBootLines(boots));
            }
        }

        private String joinBootLines(List<BootSession> boots) {
            StringBuilder b = new StringBuilder();
            for (BootSession boot : boots) {
                if (b.length() > 0) {
                    b.append(", ");
                }
                b.append(boot.line()).append('-').append(boot.endLine());
                if (boot.unclean()) {
                    b.append(" (unclean)");
                }
            }
            return b.toString();
        }

        private void writeCause(Cause c, List<Incident> incidents) {
            out.printf(Locale.ROOT, "%n%s %s%n", s.bold("#" + c.rank()), s.bold(esc(c.title())));
            out.printf(Locale.ROOT, "   %s, confidence %.2f, signature %s%s%n", s.severity(c.severity()),
                    c.confidence(), esc(c.signature()),
                    c.incidents().isEmpty() ? "" : ", explains " + esc(String.join(" ", c.incidents())));
            List<List<String>> chain = c.chain();
            if (!chain.isEmpty()) {
                out.println("   Chain: " + esc(chainText(chain, incidents)));
            }
            int limit = options.verbose() ? Integer.MAX_VALUE : TOP_EVIDENCE;
            if (!c.evidence().isEmpty()) {
                out.println("   Evidence:");
            }
            int shown = 0;
            for (Evidence e : c.evidence()) {
                if (shown++ >= limit) {
                    out.println("     ... " + (c.evidence().size() - limit) + " more (--verbose shows all)");
                    break;
                }
                out.println("     " + esc(e.source()) + ":" + e.line() + ": " + esc(e.text()));
            }
            list("   What to do:", c.remediation().steps());
            list("   To confirm:", c.remediation().confirm());
            list("   Would raise confidence:", c.wouldRaise());
            list("   Lowered by:", c.loweredBy());
            if (options.verbose()) {
                list("   Would lower confidence:", c.wouldLower());
            }
            list("   Easily confused with:", c.confusedWith());
            list("   References:", c.references());
        }

        /** "ATA link resets on ata1 -> kjournald blocked -> 14 tasks hung": each level's titles, the same title once. */
        private static String chainText(List<List<String>> chain, List<Incident> incidents) {
            Map<String, Incident> byId = new java.util.HashMap<>();
            for (Incident i : incidents) {
                byId.put(i.id(), i);
            }
            StringBuilder b = new StringBuilder();
            for (List<String> level : chain) {
                Map<String, Integer> titles = new java.util.LinkedHashMap<>();
                for (String id : level) {
                    Incident i = byId.get(id);
                    titles.merge(i == null || i.title() == null ? id : i.title(), 1, Integer::sum);
                }
                if (b.length() > 0) {
                    b.append(" -> ");
                }
                StringBuilder l = new StringBuilder();
                for (Map.Entry<String, Integer> t : titles.entrySet()) {
                    if (l.length() > 0) {
                        l.append(" + ");
                    }
                    l.append(t.getKey()).append(t.getValue() > 1 ? " (x" + t.getValue() + ")" : "");
                }
                b.append(l).append(" (").append(String.join(" ", level)).append(')');
            }
            return b.toString();
        }

        private void list(String heading, List<String> items) {
            if (items.isEmpty()) {
                return;
            }
            out.println(heading);
            for (String item : items) {
                out.println("     - " + esc(item));
            }
        }

        private void writeIncident(Incident i) {
            out.printf(Locale.ROOT, "  %s %s%n", s.bold(esc(i.id())), s.bold(esc(i.title())));
            StringBuilder where = new StringBuilder("     ");
            where.append(i.kind().id()).append(", ").append(esc(i.source())).append(':').append(i.line());
            if (i.endLine() != i.line()) {
                where.append('-').append(i.endLine());
            }
            if (i.time() != null) {
                where.append(String.format(Locale.ROOT, ", t=%.6f", i.time()));
            }
            if (i.wallTime() != null) {
                where.append(", ").append(esc(i.wallTime()));
            }
            if (i.cpu() != null) {
                where.append(", CPU ").append(i.cpu());
            }
            if (i.pid() != null) {
                where.append(", PID ").append(i.pid());
            }
            if (i.comm() != null && !i.comm().isBlank()) {
                where.append(", comm ").append(esc(i.comm()));
            }
            out.println(where);
            if (i.corrupted()) {
                out.println("     " + s.warn("report corrupted") + (i.corruptedReason() == null ? ""
                        : ": " + esc(i.corruptedReason())));
            }
            int limit = options.verbose() ? Integer.MAX_VALUE : TOP_FRAMES;
            int shown = 0;
            for (Frame f : i.frames()) {
                if (shown++ >= limit) {
                    out.println("       ... " + (i.frames().size() - limit) + " more frames");
                    break;
                }
                boolean guilty = f.function() != null && f.function().equals(i.guiltyFrame());
                out.println("       " + (f.reliable() ? "" : "? ") + esc(f.function())
                        + (f.module() == null ? "" : " [" + esc(f.module()) + "]") + (guilty ? "   <- guilty" : ""));
            }
        }

        @Override
        public void end(List<InputProblem> problems, boolean interrupted) {
            for (InputProblem p : problems) {
                out.println((p.fatal() ? "input error: " : "input warning: ") + esc(p.source()) + ": "
                        + esc(p.message()));
            }
            if (interrupted) {
                out.println(s.warn("interrupted: the report is partial (inputs analysed so far)"));
            }
            problems.forEach(summary::problem);
            summary.skipped(options.skipped());
            RunSummary run = summary.build(options.baseline()::knowsCrash, options.baseline()::knowsSignature);
            if (options.summaryOnly() || run.inputs() + run.inputErrors() > 1) {
                writeSummary(run);
            }
            out.printf(Locale.ROOT, "%d result%s, %d incident%s, %d likely cause%s, %d input problem%s%n",
                    tally.results, plural(tally.results), tally.incidents, plural(tally.incidents),
                    tally.causes, plural(tally.causes), problems.size(), plural(problems.size()));
            out.flush();
        }

        /** The cross-input summary: what a CI engineer reads first over a thousand consoles. */
        private void writeSummary(RunSummary run) {
            out.println();
            out.println(s.bold("Summary"));
            out.printf(Locale.ROOT, "%d input%s analysed, %d with incidents, %d with likely causes, %d input error%s%s%n",
                    run.inputs(), plural(run.inputs()), run.inputsWithIncidents(), run.inputsWithCauses(),
                    run.inputErrors(), plural(run.inputErrors()),
                    run.skipped() == 0 ? "" : ", " + run.skipped() + " file" + plural(run.skipped())
                            + " skipped (not logs, or --include/--exclude)");
            if (!run.crashes().isEmpty()) {
                out.println();
                out.println(s.bold("Distinct crashes") + " (" + run.crashes().size() + ", most frequent first)");
            }
            for (RunSummary.Crash c : run.crashes()) {
                out.printf(Locale.ROOT, "  %5dx in %d input%s  %s%s%n", c.count(), c.inputCount(), plural(c.inputCount()),
                        esc(c.title()), c.known() ? "  (known: in the baseline)" : "");
                out.println("         " + c.kind() + ", fingerprint" + (c.fingerprints().size() == 1 ? " " : "s ")
                        + esc(String.join(" ", c.fingerprints())) + (c.corrupted() ? ", corrupted report" : ""));
                for (String other : c.titles().subList(1, c.titles().size())) {
                    out.println("         also titled: " + esc(other));
                }
                out.println("         in: " + inputs(c.inputs(), c.inputCount()));
            }
            if (!run.causes().isEmpty()) {
                out.println();
                out.println(s.bold("Likely causes across inputs") + " (" + run.causes().size() + ", most frequent first)");
            }
            for (RunSummary.CauseCount c : run.causes()) {
                out.printf(Locale.ROOT, "  %5dx in %d input%s  %s (%s, %s)%s%n", c.count(), c.inputCount(),
                        plural(c.inputCount()), esc(c.title()), esc(c.signature()),
                        s.severity(esc(ReportFacts.severity(c.severity()))), c.known() ? "  (known: in the baseline)" : "");
                out.println("         in: " + inputs(c.inputs(), c.inputCount()));
            }
        }

        private String inputs(List<String> listed, int total) {
            int shown = Math.min(listed.size(), options.verbose() ? listed.size() : 5);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < shown; i++) {
                b.append(i == 0 ? "" : ", ").append(esc(listed.get(i)));
            }
            if (total > shown) {
                b.append(" and ").append(total - shown).append(" more");
            }
            return b.toString();
        }
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }

    private static String esc(String s) {
        return ControlCharEscaper.escape(s, ControlCharEscaper.DEFAULT_MAX_CHARS);
    }

    /** ANSI styling that disappears when colour is off. */
    private record Style(boolean on) {
        String bold(String s) {
            return on ? "\u001b[1m" + s + "\u001b[0m" : s;
        }

        String warn(String s) {
            return on ? "\u001b[33m" + s + "\u001b[0m" : s;
        }

        String severity(String sev) {
            dev.crashtriage.signature.Severity s = dev.crashtriage.signature.Severity.fromId(sev);
            return s == null ? sev : severity(s);
        }

        String severity(dev.crashtriage.signature.Severity sev) {
            if (!on) {
                return sev.id();
            }
            switch (sev) {
                case CRITICAL:
                case HIGH:
                    return "\u001b[1;31m" + sev.id() + "\u001b[0m";
                case MEDIUM:
                    return "\u001b[33m" + sev.id() + "\u001b[0m";
                default:
                    return sev.id();
            }
        }
    }
}
