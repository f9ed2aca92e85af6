package dev.crashtriage.cli;

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
import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.InputResult;
import dev.crashtriage.triage.Pipeline;
import dev.crashtriage.triage.PipelineSink;
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
        boolean toTerminal = output == null && env.stdoutIsTty();
        RenderOptions options = new RenderOptions(color.useColor(format.equals("text"), toTerminal, env.env()),
                VersionProvider.version(), verbose);
        try {
            return analyze(names, forced, catalog, renderer, options, out);
        } finally {
            if (output != null) {
                out.close();
            }
        }
    }

    private int analyze(List<String> names, LogFormat forced, SignatureCatalog catalog, Renderer renderer,
                        RenderOptions options,
                        PrintWriter out) {
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
            Pipeline pipeline = new Pipeline(new SignatureEngine(catalog), new AnalysisOptions(forced));
            pipeline.runAll(targets, new PipelineSink() {
                private boolean stopped;

                @Override
                public void hostFinished(HostResult result) {
                    stopped |= !sink.result(result);
                }

                @Override
                public void inputFinished(InputResult result) {
                    sink.problems(result.problems());
                }

                @Override
                public boolean stopped() {
                    return stopped;
                }
            });
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
            env.err().println("crashtriage: " + ControlCharEscaper.escape(p.source()) + ": "
                    + ControlCharEscaper.escape(p.message()));
            fatal |= p.fatal();
        }
        env.err().flush();
        if (fatal) {
            return ExitCodes.INPUT_ERROR;
        }
        return sink.failed() ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** Output format names, for help and completion. */
    static final class OutputFormats extends ArrayList<String> {
        OutputFormats() {
            super(RendererRegistry.names());
        }
    }
}
