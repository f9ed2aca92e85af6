package dev.crashtriage.triage;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.input.InputTarget;
import dev.crashtriage.input.LogReader;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.input.ReadSummary;
import dev.crashtriage.kernel.Extraction;
import dev.crashtriage.kernel.IncidentExtractor;
import dev.crashtriage.signature.Finding;
import dev.crashtriage.signature.SignatureEngine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole pipeline for a run: each input is read once, its records split by host, and each
 * (input, host) stream goes through incident extraction, signature evaluation and ranking.
 */
public final class Analyzer {
    private final SignatureEngine engine;
    private final CauseRanker ranker;
    private final AnalysisOptions options;

    public Analyzer(SignatureEngine engine, AnalysisOptions options) {
        this.engine = engine;
        this.ranker = new CauseRanker(engine.catalog());
        this.options = options;
    }

    /** Analyses every target in order; problems with one input never stop the others. */
    public AnalysisReport analyze(List<InputTarget> targets, List<InputProblem> earlierProblems,
                                  Consumer<HostResult> progress) {
        List<HostResult> results = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>(earlierProblems);
        for (InputTarget t : targets) {
            List<HostResult> r = analyzeOne(t, problems);
            r.forEach(progress);
            results.addAll(r);
        }
        return new AnalysisReport(List.copyOf(results), List.copyOf(problems));
    }

    public List<HostResult> analyzeOne(InputTarget target, List<InputProblem> problems) {
        Map<String, HostStream> hosts = new LinkedHashMap<>();
        KernelLogCheck check = new KernelLogCheck(new HostRouter(hosts, engine));
        ReadSummary summary;
        try (InputStream in = target.opener().open()) {
            summary = new LogReader().read(in, target.name(), options.forcedFormat(), check);
        } catch (IOException | UncheckedIOException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            problems.add(new InputProblem(target.name(), "cannot read: " + msg, true));
            if (hosts.isEmpty()) {
                return List.of();
            }
            summary = null;
        }
        if (summary != null) {
            problems.addAll(summary.problems());
        }
        if (hosts.isEmpty()) {
            hosts.put("", new HostStream(null, engine));
        }
        List<HostResult> out = new ArrayList<>();
        for (HostStream h : hosts.values()) {
            Extraction extraction = h.extractor.finish();
            List<Finding> findings = h.evaluation.finish(extraction);
            List<Cause> causes = ranker.rank(findings, extraction);
            // one host: the input's own line count (records can be fewer -- dictionary lines -- or more -- glued
            // printk levels); several hosts: each host's share, in records
            long lines = hosts.size() == 1 && summary != null ? summary.lines() : h.records;
            out.add(new HostResult(target.name(), h.host, summary == null ? null : summary.format(), lines,
                    extraction.facts(), extraction.incidents(), causes, extraction.context(),
                    summary == null ? List.of() : summary.problems()));
        }
        boolean unreadable = summary == null || summary.problems().stream().anyMatch(InputProblem::fatal);
        String noKernelLog = unreadable ? null : check.verdict(summary, out, options.forcedFormat() != null);
        if (noKernelLog != null) {
            // no result at all: a result would read "no kernel incidents found", a pass the input cannot give
            problems.add(KernelLogCheck.problem(target.name(), noKernelLog));
            return List.of();
        }
        return out;
    }

    /** Sends each record of one input to its host's stream. */
    private static final class HostRouter implements Consumer<LogRecord> {
        private final Map<String, HostStream> hosts;
        private final SignatureEngine engine;
        private String lastKey;
        private HostStream last;

        HostRouter(Map<String, HostStream> hosts, SignatureEngine engine) {
            this.hosts = hosts;
            this.engine = engine;
        }

        @Override
        public void accept(LogRecord rec) {
            String key = rec.host() == null ? "" : rec.host();
            HostStream h = last;
            // consecutive records nearly always share a host: skip the map lookup then
            if (h == null || !key.equals(lastKey)) {
                h = hosts.get(key);
                if (h == null) {
                    h = new HostStream(rec.host(), engine);
                    hosts.put(key, h);
                }
                lastKey = key;
                last = h;
            }
            h.accept(rec);
        }
    }

    /** The per-host state while an input is read. */
    private static final class HostStream {
        final String host;
        final IncidentExtractor extractor = new IncidentExtractor();
        final SignatureEngine.Evaluation evaluation;
        long records;

        HostStream(String host, SignatureEngine engine) {
            this.host = host;
            this.evaluation = engine.start();
        }

        void accept(LogRecord rec) {
            records++;
            extractor.accept(rec);
            evaluation.accept(rec);
        }
    }
}
