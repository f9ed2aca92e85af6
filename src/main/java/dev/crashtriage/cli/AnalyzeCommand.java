package dev.crashtriage.cli;

import dev.crashtriage.fleet.FleetStore;
import dev.crashtriage.fleet.IngestSummary;
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
import dev.crashtriage.triage.Analyzer;
import dev.crashtriage.triage.HostResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code crashtriage analyze}: logs in, incidents and ranked causes out. */
@Command(name = "analyze", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Finds kernel incidents in logs and ranks their likely causes.",
            "Reads files, directories (recursively, sorted), '-' for stdin, or stdin when no path is given and it is not a terminal.",
            ".gz and .xz inputs are decompressed transparently."})
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
            description = "Write the report to FILE instead of stdout. Results are written as they are "
                    + "analysed; on Ctrl-C the report is ended as partial (JSON: \"interrupted\": true).")
    Path output;

    @Option(names = "--input-format", paramLabel = "FORMAT",
            description = "Force the input format instead of detecting it: dmesg, dmesg-t, dmesg-x, kmsg, "
                    + "netconsole-ext, syslog, rfc5424, journal, journal-json, serial, plain.")
    String inputFormat;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "incident",
            description = "Exit 1 only for findings at or above LEVEL: incident (any incident or cause), "
                    + "info, low, medium, high, critical (causes of that severity or worse), or none. "
                    + "Default: ${DEFAULT-VALUE}.")
    FailOn failOn;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour text output: auto (only on a terminal, not with NO_COLOR or TERM=dumb), "
                    + "always, never. JSON is never coloured.")
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
        List<String> names = new ArrayList<>(paths);
        if (names.isEmpty()) {
            if (env.stdinIsTty()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "no input: give a log file or directory, or pipe a log into stdin");
            }
            names.add("-");
        }
        LogFormat forced = null;
        if (inputFormat != null) {
            try {
                forced = LogFormat.fromId(inputFormat);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        Renderer renderer;
        try {
            renderer = RendererRegistry.forName(format);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        SignatureCatalog catalog = signatureOptions.load(env);
        if (catalog == null) {
            return ExitCodes.SIGNATURE_ERROR;
        }
        PrintWriter out = env.out();
        if (output != null) {
            try {
                out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(output),
                        StandardCharsets.UTF_8), 1 << 16));
            } catch (IOException | RuntimeException e) {
                env.err().println("crashtriage: cannot write the report to " + output + ": " + e);
                return ExitCodes.INPUT_ERROR;
            }
        }
        StoreSink storeSink = null;
        if (store != null) {
            try {
                storeSink = new StoreSink(FleetStore.open(StoreLocation.resolve(store.isEmpty() ? null : store, env.env())));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            } catch (StoreException e) {
                env.err().println("crashtriage: " + ControlCharEscaper.escape(e.getMessage()));
                return ExitCodes.STORE_ERROR;
            }
        }
        boolean toTerminal = output == null && env.stdoutIsTty();
        RenderOptions options = new RenderOptions(color.useColor(format.equals("text"), toTerminal, env.env()),
                VersionProvider.version(), verbose);
        try {
            return analyze(names, forced, catalog, renderer, options, out, storeSink);
        } finally {
            if (output != null) {
                out.close();
            }
            if (storeSink != null) {
                try {
                    storeSink.close();
                } catch (StoreException e) {
                    env.err().println("crashtriage: " + ControlCharEscaper.escape(e.getMessage()));
                }
            }
        }
    }

    private int analyze(List<String> names, LogFormat forced, SignatureCatalog catalog, Renderer renderer,
                        RenderOptions options,
                        PrintWriter out, StoreSink storeSink) {
        ReportSink sink;
        try {
            sink = new ReportSink(renderer.open(options, out), out, failOn);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        env.interrupts().onInterrupt(() -> {
            sink.interrupt();
            env.err().println("crashtriage: interrupted; the report holds the inputs analysed so far");
            env.err().flush();
        });
        try {
            List<InputProblem> expandProblems = new ArrayList<>();
            List<InputTarget> targets = new InputOpener(env.in()).expand(names, expandProblems::add);
            sink.problems(expandProblems);
            Analyzer analyzer = new Analyzer(new SignatureEngine(catalog), new AnalysisOptions(forced));
            analysis:
            for (InputTarget t : targets) {
                List<InputProblem> problems = new ArrayList<>();
                List<HostResult> results = analyzer.analyzeOne(t, problems);
                sink.problems(problems);
                if (storeSink != null && !results.isEmpty()) {
                    try {
                        storeSink.input(t.name(), results);
                    } catch (StoreException e) {
                        storeError = e.getMessage();
                        storeSink = null; // the report goes on; the store is not written again in this run
                    }
                }
                for (HostResult r : results) {
                    if (!sink.result(r)) {
                        break analysis;
                    }
                }
            }
            sink.finish();
        } finally {
            env.interrupts().clear();
        }
        if (storeError != null) {
            env.err().println("crashtriage: " + ControlCharEscaper.escape(storeError));
        } else if (storeSink != null) {
            IngestSummary s = storeSink.total();
            env.err().println("crashtriage: recorded " + s.added() + " new of " + s.incidents() + " incidents from "
                    + s.hosts() + (s.hosts() == 1 ? " host stream" : " host streams") + " in "
                    + ControlCharEscaper.escape(storeSink.location().display()) + timeNotes(s));
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
            env.err().println("crashtriage: " + ControlCharEscaper.escape(p.source()) + ": "
                    + ControlCharEscaper.escape(p.message()));
            fatal |= p.fatal();
        }
        env.err().flush();
        if (fatal) {
            return ExitCodes.INPUT_ERROR;
        }
        if (storeError != null) {
            return ExitCodes.STORE_ERROR;
        }
        return sink.failed() ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    private String storeError;

    /** What the store had to guess about times, said once per run. */
    private static String timeNotes(IngestSummary s) {
        List<String> notes = new ArrayList<>();
        if (s.yearInferred() > 0) {
            notes.add(s.yearInferred() + " without a year in the log (year taken from the file's date)");
        }
        if (s.zoneAssumed() > 0) {
            notes.add(s.zoneAssumed() + " without a zone (local time of the log, taken as UTC)");
        }
        if (s.untimed() > 0) {
            notes.add(s.untimed() + " without a wall-clock time (counted, but not in time-of-day or simultaneity)");
        }
        return notes.isEmpty() ? "" : "; times: " + String.join(", ", notes);
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

    /** Output format names, for help and completion. */
    static final class OutputFormats extends ArrayList<String> {
        OutputFormats() {
            super(RendererRegistry.names());
        }
    }
}
