package dev.crashtriage.cli;

import dev.crashtriage.fleet.FleetAnalysis;
import dev.crashtriage.fleet.FleetHtmlRenderer;
import dev.crashtriage.fleet.FleetJsonRenderer;
import dev.crashtriage.fleet.FleetReport;
import dev.crashtriage.fleet.FleetStore;
import dev.crashtriage.fleet.FleetTextRenderer;
import dev.crashtriage.fleet.StoreException;
import dev.crashtriage.fleet.StoreLocation;
import dev.crashtriage.render.ControlCharEscaper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code crashtriage fleet}: what the store says across hosts. */
@Command(name = "fleet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Reports across every host in the fleet store (filled by 'analyze --store'): each distinct crash,",
            "crashes that cluster in an hour of the day, hosts that crash together, and what the hosts with a crash",
            "share that the others do not. Statistics and thresholds: docs/fleet.md."})
public final class FleetCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", paramLabel = "PATH|URL",
            description = "The store: an SQLite file, jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB?user=NAME. "
                    + "Default: $CRASHTRIAGE_STORE, else ~/.local/share/crashtriage/fleet.db.")
    String store;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only crashes at or after WHEN: a date (2009-11-01), an ISO instant, or an age (30d, 12h).")
    String since;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or html (one self-contained file). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path output;

    @Option(names = "--window", paramLabel = "SECONDS", defaultValue = "120",
            description = "Crashes of distinct hosts this close count as simultaneous. Default: ${DEFAULT-VALUE}.")
    int window;

    private final Env env;

    public FleetCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!fmt.equals("text") && !fmt.equals("json") && !fmt.equals("html")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown format '" + format + "' (text, json, html)");
        }
        if (window < 1 || window > 86_400) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--window must be 1..86400 seconds");
        }
        Instant from = since == null ? null : parseSince(since);
        StoreLocation at;
        try {
            at = StoreLocation.resolve(store, env.env());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        FleetReport report;
        try (FleetStore s = FleetStore.openExisting(at)) {
            report = new FleetAnalysis(FleetReport.Thresholds.defaults(window))
                    .analyze(at.display(), from, s.occurrences(from), s.hosts());
        } catch (StoreException e) {
            env.err().println("crashtriage: " + ControlCharEscaper.escape(e.getMessage()));
            return ExitCodes.STORE_ERROR;
        }
        PrintWriter out = env.out();
        try {
            if (output != null) {
                out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(output),
                        StandardCharsets.UTF_8)));
            }
            switch (fmt) {
                case "json" -> FleetJsonRenderer.render(report, VersionProvider.version(), out);
                case "html" -> FleetHtmlRenderer.render(report, VersionProvider.version(), out);
                default -> FleetTextRenderer.render(report, out);
            }
            out.flush();
            if (out.checkError() && output != null) {
                env.err().println("crashtriage: cannot write the report to " + output);
                return ExitCodes.INPUT_ERROR;
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof RuntimeException && !(e instanceof java.io.UncheckedIOException)) {
                throw (RuntimeException) e;
            }
            env.err().println("crashtriage: cannot write the report" + (output == null ? "" : " to " + output) + ": "
                    + e.getMessage());
            return ExitCodes.INPUT_ERROR;
        } finally {
            if (output != null) {
                out.close();
            }
        }
        return ExitCodes.OK;
    }

    private Instant parseSince(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.matches("\\d+[dhm]")) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                Duration d = switch (v.charAt(v.length() - 1)) {
                    case 'd' -> Duration.ofDays(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofMinutes(n);
                };
                return Instant.now().minus(d);
            }
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(s.strip());
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--since: cannot read '" + s + "' (a date like 2009-11-01, an instant like 2009-11-01T22:00:00Z, "
                            + "or an age like 30d or 12h)");
        }
    }
}
