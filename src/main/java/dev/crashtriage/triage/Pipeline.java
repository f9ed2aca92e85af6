package dev.crashtriage.triage;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.input.InputTarget;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.input.ReadSummary;
import dev.crashtriage.kernel.BootSession;
import dev.crashtriage.kernel.DetectorGate;
import dev.crashtriage.kernel.Detectors;
import dev.crashtriage.kernel.Extraction;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.kernel.IncidentExtractor;
import dev.crashtriage.signature.Finding;
import dev.crashtriage.signature.SignatureEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one run loop: records in, events out. The CLI, the tests, the sample runner and the live listener all
 * analyse through it, so a file, stdin and a socket that never ends run the same code.
 *
 * <h2>Records in</h2>
 * An input's records are split by host; each (input, host) stream goes through incident extraction
 * ({@code kernel/}), signature evaluation ({@code signature/}) and ranking ({@link CauseRanker}).
 * <ul>
 *   <li>{@link #run(InputTarget, PipelineSink)}: a file or stdin, read with {@link RecordSource#of}.</li>
 *   <li>{@link #run(String, RecordSource, PipelineSink)}: any source that pushes records and then returns.</li>
 *   <li>{@link #runAll(List, PipelineSink)}: inputs in order, until the sink says {@link PipelineSink#stopped()}.</li>
 *   <li>{@link #open(String, PipelineSink)}: a {@link Run} the caller feeds itself, record by record, for a
 *       source that never ends; {@link Run#finishHost(String)} closes one host's stream (a host gone quiet), and
 *       a later record from it starts a new one.</li>
 * </ul>
 *
 * <h2>Events out</h2>
 * To a {@link PipelineSink}, on the feeding thread, in this order per input: {@code incidentClosed} and
 * {@code bootClosed} as the records are read (an incident may close after its boot did), then one
 * {@code hostFinished} per host in order of first record, then {@code inputFinished}. {@link #analyze} collects
 * the events into an {@link AnalysisReport} for tests.
 *
 * <p>Memory is bounded per host stream (incidents capped, boots capped, signature state bounded), but a
 * {@link Run} keeps its hosts' streams until they are finished: a listener should finish hosts now and then.
 * A {@code Pipeline} holds no per-run state and may run inputs on several threads at once; one {@link Run} is
 * fed by one thread.
 */
public final class Pipeline {
    private final SignatureEngine engine;
    private final CauseRanker ranker;
    private final AnalysisOptions options;

    public Pipeline(SignatureEngine engine, AnalysisOptions options) {
        this.engine = engine;
        this.ranker = new CauseRanker(engine.catalog());
        this.options = options;
    }

    public SignatureEngine engine() {
        return engine;
    }

    /** Analyses every target in order, until the sink is stopped; a problem with one input never stops the others. */
    public void runAll(List<InputTarget> targets, PipelineSink sink) {
        for (InputTarget t : targets) {
            if (sink.stopped()) {
                return;
            }
            run(t, sink);
        }
    }

    /** Reads one file or stdin (decompressed, sniffed, parsed) and pushes its events. */
    public void run(InputTarget target, PipelineSink sink) {
        run(target.name(), RecordSource.of(target, options.forcedFormat()), sink);
    }

    /**
     * Runs one input whose source pushes its records and returns at its end. With
     * {@link AnalysisOptions#parallel()}, the source and the signatures' stateless match step run on a reading
     * thread while this thread extracts incidents and combines the matches, in record order: the same records
     * reach the same per-host state in the same order, so the results are those of the one-thread path.
     */
    public void run(String source, RecordSource records, PipelineSink sink) {
        Run run = open(source, sink);
        ReadSummary summary;
        List<InputProblem> problems = new ArrayList<>();
        try {
            summary = options.parallel() ? ParallelRead.run(records, engine, run::accept) : records.pushTo(run);
        } catch (IOException | UncheckedIOException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            problems.add(new InputProblem(source, "cannot read: " + msg, true));
            summary = null;
        }
        if (summary != null) {
            problems.addAll(summary.problems());
        }
        run.finish(summary, problems);
    }

    /** Starts an input that the caller feeds record by record (see the class comment). */
    public Run open(String source, PipelineSink sink) {
        return new Run(source, sink);
    }

    /** Runs the targets and collects every host result and problem: the whole run as one value (tests, samples). */
    public AnalysisReport analyze(List<InputTarget> targets, List<InputProblem> earlierProblems) {
        List<HostResult> results = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>(earlierProblems);
        runAll(targets, new PipelineSink() {
            @Override
            public void hostFinished(HostResult result) {
                results.add(result);
            }

            @Override
            public void inputFinished(InputResult result) {
                problems.addAll(result.problems());
            }
        });
        return new AnalysisReport(List.copyOf(results), List.copyOf(problems));
    }

    /**
     * One input being analysed: feed it records ({@link #accept}), then {@link #finish} it. Routes each record to
     * its host's stream, remembering the last host (consecutive records nearly always share one).
     */
    public final class Run implements Consumer<LogRecord> {
        /**
         * In place of the gate's prepared steps: the two-step detectors run their own on this thread (the one-thread
         * path, which the reading thread's answers are checked against).
         */
        private static final Object[] SELF_PREPARED = new Object[0];

        private final String source;
        private final PipelineSink sink;
        private final Map<String, HostStream> hosts = new LinkedHashMap<>();
        private SignatureEngine.Matcher matcher;
        private DetectorGate gate;
        private final KernelLogCheck check = new KernelLogCheck();
        private int streamsOpened;
        private String lastKey;
        private HostStream last;
        private boolean finished;

        Run(String source, PipelineSink sink) {
            this.source = source;
            this.sink = sink;
        }

        /** One record, matched here and now (a live source, or the one-thread path). */
        @Override
        public void accept(LogRecord rec) {
            if (matcher == null) {
                matcher = engine.matcher();
                gate = DetectorGate.standard();
            }
            accept(rec, matcher.match(rec), gate.woken(rec.text()), SELF_PREPARED);
        }

        /**
         * One record with what {@link SignatureEngine.Matcher#match} found in it and the detectors a
         * {@link DetectorGate#standard()} gate woke and {@linkplain DetectorGate#prepare prepared} (all computed on any
         * thread), or {@link #SELF_PREPARED}.
         */
        void accept(LogRecord rec, int[] matched, long woken, Object[] prepared) {
            check.accept(rec);
            String key = rec.host() == null ? "" : rec.host();
            HostStream h = last;
            if (h == null || !key.equals(lastKey)) {
                h = hosts.get(key);
                if (h == null) {
                    h = new HostStream(rec.host());
                    hosts.put(key, h);
                }
                lastKey = key;
                last = h;
            }
            h.accept(rec, matched, woken, prepared);
        }

        /**
         * Ends one host's stream now and pushes its result (a live source whose host went quiet). Its line count
         * is its records. Nothing happens when the host has no open stream.
         */
        public void finishHost(String host) {
            HostStream h = hosts.remove(host == null ? "" : host);
            if (h != null) {
                last = null;
                lastKey = null;
                if (!sink.stopped()) {
                    sink.hostFinished(h.result(null, h.records));
                }
            }
        }

        /**
         * Ends the input: pushes every open host's result, then {@code inputFinished}.
         *
         * @param summary  what reading found, or null when the input was not read to its end (or has no summary);
         *                 with a summary and no record at all, one empty result still says the input was read
         * @param problems what went wrong with this input
         */
        public void finish(ReadSummary summary, List<InputProblem> problems) {
            if (finished) {
                throw new IllegalStateException("input " + source + " already finished");
            }
            finished = true;
            if (hosts.isEmpty() && summary != null && streamsOpened == 0) {
                hosts.put("", new HostStream(null));
            }
            List<HostResult> results = new ArrayList<>();
            for (HostStream h : hosts.values()) {
                // one host: the input's own line count (records can be fewer -- dictionary lines -- or more --
                // glued printk levels); several hosts: each host's share, in records
                long lines = streamsOpened == 1 && summary != null ? summary.lines() : h.records;
                results.add(h.result(summary, lines));
            }
            hosts.clear();
            List<InputProblem> all = new ArrayList<>(problems);
            boolean unreadable = summary == null || all.stream().anyMatch(InputProblem::fatal);
            String noKernelLog = unreadable ? null : check.verdict(summary, results, options.forcedFormat() != null);
            if (noKernelLog != null) {
                // no result at all: a result would read "no kernel incidents found", a pass the input cannot give
                all.add(KernelLogCheck.problem(source, noKernelLog));
                results.clear();
            }
            for (HostResult r : results) {
                if (sink.stopped()) {
                    break;
                }
                sink.hostFinished(r);
            }
            sink.inputFinished(new InputResult(source, summary, List.copyOf(all)));
        }

        /** The per-host state while an input is read. */
        private final class HostStream implements IncidentExtractor.Listener {
            final String host;
            final IncidentExtractor extractor;
            final SignatureEngine.Evaluation evaluation;
            long records;

            HostStream(String host) {
                this.host = host;
                // the list DetectorGate.standard() is built from: the reading thread's woken masks are for it
                this.extractor = new IncidentExtractor(Detectors.standard(), this);
                this.evaluation = engine.start();
                streamsOpened++;
            }

            void accept(LogRecord rec, int[] matched, long woken, Object[] prepared) {
                records++;
                if (prepared == SELF_PREPARED) {
                    extractor.accept(rec, woken);
                } else {
                    extractor.accept(rec, woken, prepared);
                }
                evaluation.combine(rec, extractor.currentBoot(), matched);
            }

            @Override
            public void incidentClosed(Incident incident) {
                evaluation.incidentHeard(incident);
                sink.incidentClosed(source, host, incident);
            }

            @Override
            public void bootClosed(BootSession boot) {
                sink.bootClosed(source, host, boot);
            }

            HostResult result(ReadSummary summary, long lines) {
                Extraction extraction = extractor.finish();
                List<Finding> findings = evaluation.finish(extraction);
                List<Cause> causes = ranker.rank(findings, extraction);
                return new HostResult(source, host, summary == null ? null : summary.format(), lines,
                        extraction.facts(), extraction.incidents(), causes, extraction.context(),
                        summary == null ? List.of() : summary.problems());
            }
        }
    }
}
