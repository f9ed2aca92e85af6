package dev.crashtriage.cli;

import dev.crashtriage.input.InputOpener;
import dev.crashtriage.input.InputProblem;
import dev.crashtriage.input.InputTarget;
import dev.crashtriage.input.LogFormat;
import dev.crashtriage.render.RenderOptions;
import dev.crashtriage.render.Renderer;
import dev.crashtriage.render.RendererRegistry;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import dev.crashtriage.triage.AnalysisOptions;
import dev.crashtriage.triage.AnalysisReport;
import dev.crashtriage.triage.Analyzer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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

    @Option(names = "--input-format", paramLabel = "FORMAT",
            description = "Force the input format instead of detecting it: dmesg, dmesg-t, dmesg-x, kmsg, "
                    + "netconsole-ext, syslog, rfc5424, journal, journal-json, serial, plain.")
    String inputFormat;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour text output: auto (only on a terminal, not with NO_COLOR or TERM=dumb), always, never.")
    String color;

    @Option(names = {"-v", "--verbose"}, description = "Show every frame and more evidence.")
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
        List<InputProblem> problems = new ArrayList<>();
        List<InputTarget> targets = new InputOpener(env.in()).expand(names, problems::add);
        Analyzer analyzer = new Analyzer(new SignatureEngine(catalog), new AnalysisOptions(forced));
        AnalysisReport report = analyzer.analyze(targets, problems, r -> { });
        try {
            renderer.render(report, new RenderOptions(useColor(), VersionProvider.version(), verbose), env.out());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        env.out().flush();
        for (InputProblem p : report.problems()) {
            env.err().println("crashtriage: " + p.source() + ": " + p.message());
        }
        env.err().flush();
        if (report.hasFatalProblem()) {
            return ExitCodes.INPUT_ERROR;
        }
        return report.incidentCount() + report.causeCount() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    private boolean useColor() {
        if (!format.equals("text")) {
            return false;
        }
        switch (color) {
            case "always":
                return true;
            case "never":
                return false;
            default:
                String term = env.env().get("TERM");
                return env.stdoutIsTty() && env.env().get("NO_COLOR") == null && !"dumb".equals(term);
        }
    }

    /** Output format names, for help and completion. */
    static final class OutputFormats extends ArrayList<String> {
        OutputFormats() {
            super(RendererRegistry.names());
        }
    }
}
