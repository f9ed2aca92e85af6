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
    /** Boots listed by line range unless --verbose: the first ones and the last two. */
    static final int MAX_BOOTS = 8;

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
        private final java.util.Set<String> sources = new java.util.HashSet<>();
        private final int width;
        private final Map<String, String> titles = new java.util.HashMap<>();

        TextReportWriter(RenderOptions options, PrintWriter out) {
            this.options = options;
            this.out = out;
            this.s = new Style(options.color());
            this.width = TextLayout.usableWidth(options.width());
            options.signatures().forEach(sig -> titles.put(sig.id(), sig.title()));
        }

        @Override
        public void result(HostResult r) {
            tally.add(r);
            summary.add(r);
            if (options.summaryOnly()) {
                return;
            }
            sources.add(r.source());
            out.println(s.bold("== " + esc(TextLayout.source(r.source())) + (r.host() == null ? "" : " (host " + esc(r.host()) + ")")));
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
            printWrapped(b.toString());
            if (k.hardware() != null) {
                printWrapped("hardware " + esc(k.hardware()));
            }
            if (k.taint() != null) {
                printWrapped("tainted " + esc(k.taint())
                        + (k.taintFlags().isEmpty() ? "" : " (" + esc(String.join(", ", k.taintFlags())) + ")"));
            }
            List<BootSession> boots = k.boots();
            if (boots.size() > 1 || boots.stream().anyMatch(BootSession::unclean)) {
                long unclean = boots.stream().filter(BootSession::unclean).count();
                printWrapped(boots.size() + " boots" + (unclean == 0 ? "" : ", " + unclean + " after an unclean stop")
                        + ": lines " + joinBootLines(boots));
            }
        }

        /** A line of the result's header, wrapped with a hanging indent. */
        private void printWrapped(String line) {
            TextLayout.wrap(line, width, "", "  ").forEach(out::println);
        }

        /** Boots as line ranges; a long list shows its first and last few (--verbose: all). */
        private String joinBootLines(List<BootSession> boots) {
            StringBuilder b = new StringBuilder();
            int head = options.verbose() || boots.size() <= MAX_BOOTS ? boots.size() : MAX_BOOTS - 2;
            for (int n = 0; n < boots.size(); n++) {
                BootSession boot = boots.get(n);
                if (n == head && head < boots.size() - 2) {
                    b.append(", ... ").append(boots.size() - head - 2).append(" more");
                    n = boots.size() - 3;
                    continue;
                }
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
            out.println();
            for (String line : TextLayout.wrap(esc(c.title()), width, "#" + c.rank() + " ", "   ")) {
                out.println(s.bold(line));
            }
            String sev = c.severity().id();
            String facts = String.format(Locale.ROOT, "%s, confidence %.2f, signature %s%s", sev,
                    c.confidence(), esc(c.signature()),
                    c.incidents().isEmpty() ? "" : ", explains " + esc(String.join(" ", c.incidents())));
            List<String> factLines = TextLayout.wrap(facts, width, "   ", "     ");
            // the severity word is the first word: colour it alone
            out.println("   " + s.severity(c.severity()) + factLines.get(0).substring(3 + sev.length()));
            factLines.subList(1, factLines.size()).forEach(out::println);
            List<List<String>> chain = c.chain();
            if (!chain.isEmpty()) {
                TextLayout.wrap("Chain: " + esc(chainText(chain, incidents)), width, "   ", "     ").forEach(out::println);
            }
            writeEvidence(c.evidence());
            list("   What to do:", c.remediation().steps());
            list("   To confirm:", c.remediation().confirm());
            list("   Would raise confidence:", c.wouldRaise());
            list("   Lowered by:", c.loweredBy());
            if (options.verbose()) {
                list("   Would lower confidence:", c.wouldLower());
            }
            list("   Easily confused with:", c.confusedWith().stream()
                    .map(id -> titles.containsKey(id) ? titles.get(id) + " (" + id + ")" : id).toList());
            list("   References:", c.references());
        }

        /**
         * The evidence, in log order, shortened in the middle to the width. Unless --verbose, a register
         * dump or cut-here line is left out when message or frame lines say what happened, and the rest
         * past {@link #TOP_EVIDENCE} is counted.
         */
        private void writeEvidence(List<Evidence> evidence) {
            if (evidence.isEmpty()) {
                return;
            }
            // one file (the usual case): name it once, so each line keeps its number and most of its text
            String only = evidence.stream().map(Evidence::source).distinct().count() == 1 ? evidence.get(0).source() : null;
            out.println(only == null ? "   Evidence:" : "   Evidence (" + esc(TextLayout.source(only)) + ", line: text):");
            List<Evidence> shown = evidence;
            if (!options.verbose() && evidence.stream().anyMatch(e -> EvidenceLine.of(e.text()) != EvidenceLine.DUMP)) {
                shown = evidence.stream().filter(e -> EvidenceLine.of(e.text()) != EvidenceLine.DUMP).toList();
            }
            int limit = options.verbose() ? Integer.MAX_VALUE : TOP_EVIDENCE;
            for (int n = 0; n < shown.size() && n < limit; n++) {
                Evidence e = shown.get(n);
                String where = only == null ? "     " + esc(TextLayout.source(e.source())) + ":" + e.line() + ": "
                        : String.format(Locale.ROOT, "     %5d: ", e.line());
                String text = esc(e.text());
                out.println(where + (options.verbose() ? text : TextLayout.shortenMiddle(text, Math.max(40, width - where.length()))));
            }
            int hidden = evidence.size() - Math.min(shown.size(), limit);
            if (hidden > 0) {
                out.println("     ... " + hidden + " more (--verbose shows all)");
            }
        }

        /** "ATA link resets on ata1, downgraded to PIO0 -> kjournald blocked -> 14 tasks hung (I1 -> I4 -> I5)". */
        private static String chainText(List<List<String>> chain, List<Incident> incidents) {
            return ChainText.of(chain, incidents) + " (" + ChainText.ids(chain) + ")";
        }

        private void list(String heading, List<String> items) {
            if (items.isEmpty()) {
                return;
            }
            out.println(heading);
            for (String item : items) {
                TextLayout.wrap(esc(item), width, "     - ", "       ").forEach(out::println);
            }
        }

        private void writeIncident(Incident i) {
            List<String> titleLines = TextLayout.wrap(esc(i.title()), width, "  " + esc(i.id()) + " ", "     ");
            titleLines.forEach(l -> out.println(s.bold(l)));
            StringBuilder where = new StringBuilder("     ");
            where.append(i.kind().id()).append(", ").append(esc(TextLayout.source(i.source()))).append(':').append(i.line());
            if (i.endLine() != i.line()) {
                where.append('-').append(i.endLine());
            }
            if (i.time() != null) {
                where.append(String.format(Locale.ROOT, ", t=%.6f", i.time()));
            }
            if (i.wallTime() != null) {
                where.append(", ").append(esc(TextLayout.wallTime(i.wallTime())));
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
            String episode = dev.crashtriage.kernel.EpisodeSummary.of(i);
            if (episode != null) {
                out.println("     " + esc(episode));
            }
            if (i.corrupted()) {
                out.println("     " + s.warn("report corrupted") + (i.corruptedReason() == null ? ""
                        : ": " + esc(i.corruptedReason())));
            }
            writeFrames(i);
        }

        /**
         * The top frames: unless --verbose, the reliable ones only (a {@code ?} frame is a stale
         * address on the stack, not a caller), at most {@link #TOP_FRAMES}; the guilty frame marked
         * once, where it first appears.
         */
        private void writeFrames(Incident i) {
            List<Frame> frames = options.verbose() ? i.frames()
                    : i.frames().stream().filter(Frame::reliable).toList();
            int limit = options.verbose() ? Integer.MAX_VALUE : TOP_FRAMES;
            boolean marked = false;
            for (int n = 0; n < frames.size() && n < limit; n++) {
                Frame f = frames.get(n);
                boolean guilty = !marked && f.function() != null && f.function().equals(i.guiltyFrame());
                marked |= guilty;
                out.println("       " + (f.reliable() ? "" : "? ") + esc(f.function())
                        + (f.module() == null ? "" : " [" + esc(f.module()) + "]") + (guilty ? "   <- guilty" : ""));
            }
            int more = frames.size() - Math.min(frames.size(), limit);
            int unreliable = i.frames().size() - frames.size();
            if (more > 0 || unreliable > 0) {
                out.println("       ... " + (more > 0 ? more + " more frames" : "")
                        + (more > 0 && unreliable > 0 ? " and " : "")
                        + (unreliable > 0 ? unreliable + " unreliable (?) frame" + plural(unreliable) : "")
                        + " (--verbose shows all)");
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
            // a result is one host's stream of one input: say so when the two counts differ
            int inputs = sources.size();
            out.printf(Locale.ROOT, "%d input%s%s, %d incident%s, %d likely cause%s, %d input problem%s%n",
                    inputs, plural(inputs),
                    tally.results == inputs ? "" : " (" + tally.results + " host stream" + plural(tally.results) + ")",
                    tally.incidents, plural(tally.incidents),
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
                b.append(i == 0 ? "" : ", ").append(esc(TextLayout.source(listed.get(i))));
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
