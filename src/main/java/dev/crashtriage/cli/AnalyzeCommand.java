package dev.crashtriage.cli;

import dev.crashtriage.input.InputFilter;
import dev.crashtriage.input.InputLimits;
import dev.crashtriage.fleet.FleetStore;
import dev.crashtriage.fleet.StoreException;
import dev.crashtriage.fleet.StoreLocation;
import dev.crashtriage.fleet.StoreSink;
import dev.crashtriage.input.InputOpener;
import dev.crashtriage.input.InputProblem;
import dev.crashtriage.input.InputTarget;
import dev.crashtriage.input.LogFormat;
import dev.crashtriage.render.ControlCharEscaper;
import dev.crashtriage.render.RenderOptions;
import dev.crashtriage.render.Renderer;
import dev.crashtriage.render.RendererRegistry;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import dev.crashtriage.triage.AnalysisOptions;
import dev.crashtriage.triage.Baseline;
import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.InputResult;
import dev.crashtriage.triage.ParallelRun;
import dev.crashtriage.triage.Pipeline;
import dev.crashtriage.triage.PipelineSink;
import dev.crashtriage.triage.ResultFilter;
import dev.crashtriage.triage.RunSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code crashtriage analyze}: logs in, incidents and ranked causes out. */
@Command(name = "analyze", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Finds kernel incidents in logs and ranks their likely causes.",
            "Reads files, directories (recursively, sorted), '-' for stdin, or stdin when no path is given and it is not a terminal.",
            ".gz and .xz inputs are decompressed transparently.",
            "Inputs are analysed in parallel and reported in order, with a summary across them (docs/ci.md).",
            "Defaults can come from .crashtriage.yml (see --config)."})
public final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "Log files or directories; '-' for stdin.")
    List<String> paths = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
            completionCandidates = OutputFormats.class)
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE instead of stdout (a one-line summary still goes to stderr). "
                    + "Results are written as they are analysed; on Ctrl-C the report is ended as partial.")
    Path output;

    @Option(names = "--input-format", paramLabel = "FORMAT", completionCandidates = InputFormats.class,
            description = "Force the input format instead of detecting it: ${COMPLETION-CANDIDATES}.")
    String inputFormat;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "incident",
            description = "Exit 1 only for findings at or above LEVEL: incident (any incident or cause), "
                    + "info, low, medium, high, critical (causes of that severity or worse), or never. "
                    + "Findings in the --baseline never count. Default: ${DEFAULT-VALUE}.")
    FailOn failOn;

    @Option(names = "--min-confidence", paramLabel = "X",
            description = "Drop causes whose confidence is below X (0 to 1) from the report and the gate.")
    Double minConfidence;

    @Option(names = "--signature", paramLabel = "ID|AREA", split = ",",
            description = "Evaluate only these signatures (ids or areas such as fs, net; repeatable, comma-separated).")
    List<String> onlySignatures = new ArrayList<>();

    @Option(names = "--exclude-signature", paramLabel = "ID|AREA", split = ",",
            description = "Do not evaluate these signatures (ids or areas; repeatable, comma-separated).")
    List<String> excludedSignatures = new ArrayList<>();

    @Option(names = "--top", paramLabel = "N",
            description = "Show at most N causes per result (the gate and --write-baseline still see all).")
    Integer top;

    @Option(names = "--include", paramLabel = "GLOB",
            description = "Inside directories, analyse only files matching GLOB (path below the directory, or file "
                    + "name; repeatable). Without it, files that are clearly not logs (README, *.md, images...) are "
                    + "skipped and counted.")
    List<String> includes = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB",
            description = "Inside directories, skip files matching GLOB (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--summary-only",
            description = "Print only the summary across inputs (text, markdown, json, jsonl); per-finding formats "
                    + "(sarif, junit, github, gitlab) are unchanged.")
    boolean summaryOnly;

    @Option(names = {"-q", "--quiet"},
            description = "Nothing on stderr but errors: no summary line, no input notes.")
    boolean quiet;

    @Option(names = "--allow-empty",
            description = "An input that held no kernel log (empty, binary, another program's log, dmesg's "
                    + "'Operation not permitted', journalctl's '-- No entries --') is a note, not an input error (exit 4).")
    boolean allowEmpty;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "Crashes and causes listed in FILE (see --write-baseline) are reported as known and do "
                    + "not fail the run; only new ones do.")
    Path baselineFile;

    @Option(names = "--write-baseline", paramLabel = "FILE",
            description = "Write the crashes and causes found to FILE, one a line with its title, for --baseline.")
    Path writeBaseline;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Read defaults for these options from FILE (YAML) instead of ./" + ProjectConfig.FILE_NAME
                    + "; options on the command line win; an unknown key is an error (exit 3).")
    Path config;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Analyse up to N inputs at once (default: the number of CPUs).")
    Integer jobs;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour text output: auto (only on a terminal, not with NO_COLOR or TERM=dumb), "
                    + "always, never. JSON, SARIF, XML and the other machine formats are never coloured.")
    ColorMode color;

    @Option(names = {"-v", "--verbose"}, description = "Show every frame and all evidence.")
    boolean verbose;

    @Option(names = "--store", paramLabel = "PATH|URL", arity = "0..1", parameterConsumer = StoreValue.class,
            description = "Also record every incident in the fleet store (see 'crashtriage fleet'): an SQLite file "
                    + "(*.db, *.sqlite, *.sqlite3, or an existing store), jdbc:sqlite:FILE or "
                    + "jdbc:postgresql://HOST/DB?user=NAME. Without a value: $CRASHTRIAGE_STORE, else "
                    + "~/.local/share/crashtriage/fleet.db. Each input is recorded in one transaction; "
                    + "re-recording an input adds nothing.")
    String store;

    @CommandLine.Mixin
    SignatureOptions signatureOptions = new SignatureOptions();

    private final Env env;

    public AnalyzeCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        try {
            applyConfig(ProjectConfig.find(config));
        } catch (ProjectConfig.ConfigException e) {
            env.err().println("crashtriage: " + e.getMessage());
            env.err().flush();
            return setupFailed(ExitCodes.SIGNATURE_ERROR, "config", e.getMessage());
        }
        List<String> names = new ArrayList<>(paths);
        if (names.isEmpty()) {
            if (env.stdinIsTty()) {
                throw usage("no input: give a log file or directory, or pipe a log into stdin");
            }
            names.add("-");
        }
        LogFormat forced = null;
        if (inputFormat != null) {
            try {
                forced = LogFormat.fromId(inputFormat);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        Renderer renderer;
        try {
            renderer = RendererRegistry.forName(format);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (minConfidence != null && (minConfidence < 0 || minConfidence > 1)) {
            throw usage("--min-confidence must be between 0 and 1, not " + minConfidence);
        }
        if (top != null && top < 1) {
            throw usage("--top must be at least 1");
        }
        if (jobs != null && jobs < 1) {
            throw usage("--jobs must be at least 1");
        }
        InputFilter filter;
        try {
            includes.forEach(InputFilter::check);
            excludes.forEach(InputFilter::check);
            filter = new InputFilter(includes, excludes);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        StartupClock.mark("arguments parsed and checked");
        SignatureCatalog loaded = signatureOptions.load(env);
        StartupClock.mark("signature catalogue loaded");
        if (loaded == null) {
            return setupFailed(ExitCodes.SIGNATURE_ERROR, "signatures",
                    "the signature catalogue has errors (on stderr); nothing was analysed");
        }
        ResultFilter resultFilter = new ResultFilter(new LinkedHashSet<>(onlySignatures),
                new LinkedHashSet<>(excludedSignatures), minConfidence == null ? 0 : minConfidence);
        List<String> unknown = resultFilter.unknownNames(loaded);
        if (!unknown.isEmpty()) {
            throw usage("no signature id or area '" + String.join("', '", unknown)
                    + "' (see `crashtriage signatures list`)");
        }
        SignatureCatalog catalog = resultFilter.narrow(loaded);
        Baseline baseline = Baseline.empty();
        if (baselineFile != null) {
            try (BufferedReader in = Files.newBufferedReader(baselineFile, StandardCharsets.UTF_8)) {
                baseline = Baseline.read(in, baselineFile.toString());
            } catch (IOException e) {
                String msg = "cannot read the baseline " + baselineFile + ": " + reason(e);
                env.err().println("crashtriage: " + msg);
                env.err().flush();
                return setupFailed(ExitCodes.INPUT_ERROR, baselineFile.toString(), msg);
            } catch (Baseline.FormatException e) {
                env.err().println("crashtriage: " + e.getMessage());
                env.err().flush();
                return setupFailed(ExitCodes.SIGNATURE_ERROR, baselineFile.toString(), e.getMessage());
            }
        }

        // expanded before the report opens, so the report can say how many files were skipped
        List<InputProblem> expandProblems = new ArrayList<>();
        List<InputTarget> targets = new InputOpener(env.in(), InputLimits.defaults(), filter)
                .expand(names, expandProblems::add);
        int skipped = filter.skippedNotLogs() + filter.skippedByGlob();
        if (filter.skippedNotLogs() > 0) {
            expandProblems.add(new InputProblem("inputs", filter.skippedNotLogs() + " file"
                    + (filter.skippedNotLogs() == 1 ? "" : "s") + " inside directories skipped as clearly not logs "
                    + "(README, *.md, images...); --include takes them", false));
        }

        PrintWriter out = env.out();
        if (output != null) {
            try {
                out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(output),
                        StandardCharsets.UTF_8), 1 << 16));
            } catch (IOException | RuntimeException e) {
                env.err().println("crashtriage: cannot write the report to " + output + ": " + reason(e));
                return ExitCodes.INPUT_ERROR;
            }
        }
        boolean toTerminal = output == null && env.stdoutIsTty();
        String started = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        RenderOptions options = new RenderOptions(color.useColor(renderer.mayColor(), toTerminal, env.env()),
                VersionProvider.version(), verbose, catalog.signatures(), baseline, skipped, started, summaryOnly,
                output == null ? env.reportWidth() : 80);
        StoreSink storeSink = null;
        if (store != null) {
            try {
                storeSink = new StoreSink(FleetStore.open(StoreLocation.resolve(store.isEmpty() ? null : store, env.env())));
            } catch (IllegalArgumentException e) {
                if (output != null) {
                    out.close();
                }
                throw usage(e.getMessage());
            } catch (StoreException e) {
                if (output != null) {
                    out.close();
                }
                env.err().println("crashtriage: " + ControlCharEscaper.escape(e.getMessage()));
                env.err().flush();
                return ExitCodes.STORE_ERROR;
            }
        }
        Baseline.Writer record = writeBaseline == null ? null : new Baseline.Writer();
        ReportSink.Gate gate = new ReportSink.Gate(resultFilter, catalog, baseline, top == null ? 0 : top, record);
        try {
            StartupClock.mark("inputs listed, report opened");
            return analyze(targets, expandProblems, forced, catalog, renderer, options, out, gate, storeSink);
        } finally {
            StartupClock.mark("inputs analysed and report written");
            if (output != null) {
                out.close();
            }
            if (storeSink != null) {
                storeSink.close();
            }
        }
    }

    /**
     * The run could not start (config, signatures, baseline): the report is still written, holding only
     * that error, so a CI step that uploads it finds a valid file that says why.
     */
    private int setupFailed(int code, String source, String message) {
        Renderer renderer;
        try {
            renderer = RendererRegistry.forName(format);
        } catch (IllegalArgumentException e) {
            return code;
        }
        if (renderer.mayColor() && output == null) {
            // a person at a terminal has the error on stderr already; a report of nothing adds noise
            return code;
        }
        PrintWriter out = env.out();
        try {
            if (output != null) {
                out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(output),
                        StandardCharsets.UTF_8)));
            }
            renderer.open(new RenderOptions(false, VersionProvider.version(), false), out)
                    .end(List.of(new InputProblem(source, message, true, InputProblem.Kind.SETUP)), false);
        } catch (IOException | RuntimeException e) {
            env.err().println("crashtriage: cannot write the report" + (output == null ? "" : " to " + output) + ": "
                    + reason(e instanceof java.io.UncheckedIOException u ? u.getCause() : e));
        } finally {
            if (output != null) {
                out.close();
            } else {
                out.flush();
            }
        }
        return code;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private int analyze(List<InputTarget> targets, List<InputProblem> expandProblems, LogFormat forced,
                        SignatureCatalog catalog, Renderer renderer, RenderOptions options, PrintWriter out,
                        ReportSink.Gate gate, StoreSink storeSink) {
        ReportSink sink;
        try {
            sink = new ReportSink(renderer.open(options, out), out, failOn, gate);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        env.interrupts().onInterrupt(() -> {
            sink.interrupt();
            env.err().println("crashtriage: interrupted; the report holds the inputs analysed so far");
            env.err().flush();
        });
        try {
            sink.problems(judged(expandProblems));
            Pipeline pipeline = new Pipeline(new SignatureEngine(catalog), new AnalysisOptions(forced));
            int threads = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
            ProgressLine progress = env.stderrIsTty() ? new ProgressLine(env.err(), System::nanoTime) : null;
            List<InputTarget> tracked = progress == null ? targets : targets.stream().map(progress::track).toList();
            new ParallelRun(pipeline, threads).run(tracked, new PipelineSink() {
                private boolean stopped;

                @Override
                public void incidentClosed(String source, String host, dev.crashtriage.kernel.Incident incident) {
                    if (progress != null) {
                        progress.incidentClosed();
                    }
                }

                @Override
                public void hostFinished(HostResult result) {
                    stopped |= !sink.result(result);
                    if (storeSink != null) {
                        storeSink.hostFinished(result);
                    }
                }

                @Override
                public void inputFinished(InputResult result) {
                    sink.problems(judged(result.problems()));
                    if (storeSink != null) {
                        storeSink.inputFinished(result);
                    }
                }

                @Override
                public boolean stopped() {
                    return stopped || sink.interrupted();
                }
            });
            if (progress != null) {
                progress.clear();
            }
            sink.finish();
        } finally {
            env.interrupts().clear();
        }
        if (sink.interrupted()) {
            return ExitCodes.INTERRUPTED;
        }
        if (sink.outputClosed() && output != null) {
            env.err().println("crashtriage: cannot write the report to " + output);
            return ExitCodes.INPUT_ERROR;
        }
        // a closed stdout (| head) ends quietly: the reader got what it wanted
        boolean fatal = false;
        for (InputProblem p : sink.problems()) {
            fatal |= p.fatal();
            if (p.fatal() || !quiet) {
                env.err().println("crashtriage: " + ControlCharEscaper.escape(p.source()) + ": "
                        + ControlCharEscaper.escape(p.message()));
            }
        }
        if (gate.record() != null && !writeBaselineFile(gate.record())) {
            fatal = true;
        }
        if (output != null && !quiet) {
            env.err().println("crashtriage: " + oneLine(sink.summary(), sink.failed()) + "; report in " + output);
        }
        if (storeSink != null && storeSink.error() != null) {
            env.err().println("crashtriage: " + ControlCharEscaper.escape(storeSink.error().getMessage()));
        } else if (storeSink != null && !quiet) {
            env.err().println("crashtriage: " + ControlCharEscaper.escape(storeSink.describe()));
        }
        env.err().flush();
        if (fatal) {
            return ExitCodes.INPUT_ERROR;
        }
        if (storeSink != null && storeSink.error() != null) {
            return ExitCodes.STORE_ERROR;
        }
        return sink.failed() ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** The summary CI logs show when the report went to a file. */
    static String oneLine(RunSummary s, boolean failed) {
        return String.format(Locale.ROOT, "%d input%s analysed, %d with incidents, %d distinct crash%s, %d distinct "
                        + "cause%s, %d input error%s%s",
                s.inputs(), s.inputs() == 1 ? "" : "s", s.inputsWithIncidents(), s.crashes().size(),
                s.crashes().size() == 1 ? "" : "es", s.causes().size(), s.causes().size() == 1 ? "" : "s",
                s.inputErrors(), s.inputErrors() == 1 ? "" : "s", failed ? " (gate failed)" : "");
    }

    private boolean writeBaselineFile(Baseline.Writer record) {
        try (Writer w = Files.newBufferedWriter(writeBaseline, StandardCharsets.UTF_8)) {
            record.write(w);
            return true;
        } catch (IOException e) {
            env.err().println("crashtriage: cannot write the baseline " + writeBaseline + ": " + reason(e));
            return false;
        }
    }

    /** Takes each config value whose option was not given on the command line. */
    private void applyConfig(ProjectConfig c) throws ProjectConfig.ConfigException {
        if (c == null) {
            return;
        }
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        for (String key : ProjectConfig.keys()) {
            if (!c.has(key) || given.hasMatchedOption("--" + key)) {
                continue;
            }
            switch (key) {
                case "format" -> format = c.string(key);
                case "input-format" -> inputFormat = c.string(key);
                case "fail-on" -> {
                    try {
                        failOn = FailOn.valueOf(c.string(key).toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new ProjectConfig.ConfigException(c.file() + ": fail-on '" + c.string(key)
                                + "' is not one of incident, info, low, medium, high, critical, never");
                    }
                }
                case "min-confidence" -> minConfidence = c.number(key);
                case "signature" -> onlySignatures.addAll(c.list(key));
                case "exclude-signature" -> excludedSignatures.addAll(c.list(key));
                case "include" -> includes.addAll(c.list(key));
                case "exclude" -> excludes.addAll(c.list(key));
                case "top" -> top = (int) c.number(key);
                case "jobs" -> jobs = (int) c.number(key);
                case "allow-empty" -> allowEmpty = c.bool(key);
                case "summary-only" -> summaryOnly = c.bool(key);
                case "quiet" -> quiet = c.bool(key);
                case "signatures" -> c.list(key).forEach(d -> signatureOptions.dirs.add(c.path(d)));
                case "baseline" -> baselineFile = c.path(c.string(key));
                default -> throw new IllegalStateException("config key without an option: " + key);
            }
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? "I/O error" : e.getMessage();
    }

    /** With --allow-empty, an input that held no kernel log is said but does not fail the run. */
    private List<InputProblem> judged(List<InputProblem> problems) {
        if (!allowEmpty) {
            return problems;
        }
        List<InputProblem> out = new ArrayList<>(problems.size());
        for (InputProblem p : problems) {
            out.add(p.kind() == InputProblem.Kind.NO_KERNEL_LOG && p.fatal()
                    ? new InputProblem(p.source(), p.message(), false, p.kind()) : p);
        }
        return out;
    }

    /** Input format ids, for completion. */
    static final class InputFormats extends ArrayList<String> {
        InputFormats() {
            for (LogFormat f : LogFormat.values()) {
                add(f.id());
            }
        }
    }

    /** Output format names, for help and completion. */
    static final class OutputFormats extends ArrayList<String> {
        OutputFormats() {
            super(RendererRegistry.names());
        }
    }

    /**
     * {@code --store} takes the next argument only when it names a store, so that {@code --store LOG...} means
     * "the default store" and the log stays a log.
     */
    static final class StoreValue implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(java.util.Stack<String> args, CommandLine.Model.ArgSpec argSpec,
                                      CommandLine.Model.CommandSpec commandSpec) {
            if (!args.isEmpty() && StoreLocation.looksLikeStore(args.peek())) {
                argSpec.setValue(args.pop());
            } else {
                argSpec.setValue("");
            }
        }
    }
}
