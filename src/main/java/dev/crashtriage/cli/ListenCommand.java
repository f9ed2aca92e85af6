package dev.crashtriage.cli;

import dev.crashtriage.fleet.FleetStore;
import dev.crashtriage.fleet.StoreException;
import dev.crashtriage.fleet.StoreLocation;
import dev.crashtriage.fleet.StoreSink;
import dev.crashtriage.listen.IncidentLines;
import dev.crashtriage.listen.ListenAddress;
import dev.crashtriage.listen.ListenConfig;
import dev.crashtriage.listen.ListenStats;
import dev.crashtriage.listen.Listener;
import dev.crashtriage.listen.ListenSummary;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import dev.crashtriage.render.ControlCharEscaper;
import dev.crashtriage.triage.AnalysisOptions;
import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.Pipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code crashtriage listen}: a netconsole and syslog-over-UDP receiver that captures per host and triages live. */
@Command(name = "listen", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Receives netconsole (plain and extended) and syslog over UDP, keeps a raw log per host, and "
                + "reports each kernel incident as it completes.",
            "Runs until SIGTERM or Ctrl-C, then finishes what it holds and exits 0; SIGHUP reopens the raw logs. "
                + "Setup, counters and durability: docs/listen.md."})
public final class ListenCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--udp", paramLabel = "[ADDR:]PORT",
            description = "Where to receive (repeatable). Default: port " + ListenAddress.DEFAULT_PORT
                    + " on every address, IPv4 and IPv6. IPv6 addresses in brackets: [::1]:6666.")
    List<String> udp = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Keep each host's raw lines, with their receive time, in DIR/<host>.log (appended to, "
                    + "rotated by size).")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Incident lines on stdout: text (one line per incident) or jsonl (one JSON object per "
                    + "line). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--stats-interval", paramLabel = "SECONDS", defaultValue = "60",
            description = "Print a status line on stderr every SECONDS (0: only at exit). Default: ${DEFAULT-VALUE}.")
    double statsInterval;

    @Option(names = "--sockets", paramLabel = "N", defaultValue = "2",
            description = "Sockets per address (SO_REUSEPORT), each read by its own thread. Default: ${DEFAULT-VALUE}.")
    int sockets;

    @Option(names = "--rcvbuf", paramLabel = "SIZE", defaultValue = "32M",
            description = "Socket receive buffer to ask for (K, M, G suffixes); the kernel caps it at "
                    + "net.core.rmem_max. Default: ${DEFAULT-VALUE}.")
    String rcvbuf;

    @Option(names = "--queue", paramLabel = "N", defaultValue = "65536",
            description = "Datagrams held between the sockets and processing. Default: ${DEFAULT-VALUE}.")
    int queue;

    @Option(names = "--rotate-size", paramLabel = "SIZE", defaultValue = "256M",
            description = "Rotate a raw log at SIZE (0: never). Default: ${DEFAULT-VALUE}.")
    String rotateSize;

    @Option(names = "--rotate-keep", paramLabel = "N", defaultValue = "5",
            description = "Rotated raw logs kept per host. Default: ${DEFAULT-VALUE}.")
    int rotateKeep;

    @Option(names = "--quiet", paramLabel = "SECONDS", defaultValue = "5",
            description = "A host silent this long after a warning or worse has what it left open closed and "
                    + "reported. Default: ${DEFAULT-VALUE}.")
    double quiet;

    @Option(names = "--reorder-slots", paramLabel = "N", defaultValue = "512",
            description = "Messages a host's reorder window holds. Default: ${DEFAULT-VALUE}.")
    int reorderSlots;

    @Option(names = "--reorder-wait", paramLabel = "MS", defaultValue = "200",
            description = "Longest a message waits for an earlier one. Default: ${DEFAULT-VALUE}.")
    long reorderWait;

    @Option(names = "--store", paramLabel = "PATH|URL", arity = "0..1", parameterConsumer = AnalyzeCommand.StoreValue.class,
            description = "Also record every incident in the fleet store as it is reported (see 'crashtriage fleet'): "
                    + "an SQLite file, jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB?user=NAME; without a value "
                    + "$CRASHTRIAGE_STORE, else ~/.local/share/crashtriage/fleet.db. A failed write is reported and "
                    + "counted, receiving goes on, and the exit code is 5.")
    String store;

    @Option(names = "--no-triage",
            description = "Only capture and count: no incident detection (a raw netconsole collector).")
    boolean noTriage;

    @CommandLine.Mixin
    SignatureOptions signatureOptions = new SignatureOptions();

    private final Env env;

    public ListenCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        ListenConfig config = config();
        if (!format.equals("text") && !format.equals("jsonl")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown --format '" + format + "' (text, jsonl)");
        }
        if (noTriage && store != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--store needs triage: drop --no-triage");
        }
        LiveStore liveStore = null;
        if (store != null) {
            try {
                liveStore = new LiveStore(new StoreSink(FleetStore.open(
                        StoreLocation.resolve(store.isEmpty() ? null : store, env.env()))), env.err());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            } catch (StoreException e) {
                env.err().println("crashtriage: " + ControlCharEscaper.escape(e.getMessage()));
                env.err().flush();
                return ExitCodes.STORE_ERROR;
            }
        }
        try {
            return listen(config, liveStore);
        } finally {
            if (liveStore != null) {
                liveStore.close();
            }
        }
    }

    private int listen(ListenConfig config, LiveStore liveStore) {
        Listener listener;
        if (noTriage) {
            listener = new Listener(config, env.err());
        } else {
            SignatureCatalog catalog = signatureOptions.load(env);
            if (catalog == null) {
                return ExitCodes.SIGNATURE_ERROR;
            }
            Pipeline pipeline = new Pipeline(new SignatureEngine(catalog), AnalysisOptions.defaults());
            listener = new Listener(config, pipeline, new IncidentLines(format, env.out()), liveStore, env.err());
        }
        try {
            listener.bind();
        } catch (IOException e) {
            env.err().println("crashtriage: " + e.getMessage());
            env.err().println("Another receiver on that port? Pick another with --udp, or stop the other one.");
            env.err().flush();
            return ExitCodes.INPUT_ERROR;
        }
        ProcessSignals signals = env.interrupts().process()
                ? ProcessSignals.install(listener::stop, listener::reopenLogs) : null;
        if (signals == null) {
            // in-process (tests, ToolProvider): the caller's interrupt stops the listener
            env.interrupts().onInterrupt(listener::stop);
        }
        ListenStats.Snapshot end;
        try {
            end = listener.run();
        } catch (IOException e) {
            env.err().println("crashtriage: listen: " + e.getMessage());
            env.err().flush();
            return ExitCodes.INPUT_ERROR;
        } finally {
            if (signals != null) {
                signals.close();
            }
            env.interrupts().clear();
        }
        ListenSummary.print(end, env.err());
        if (liveStore != null) {
            env.err().println("crashtriage listen: " + ControlCharEscaper.escape(liveStore.describe()));
        }
        env.out().flush();
        env.err().flush();
        return liveStore != null && liveStore.failures() > 0 ? ExitCodes.STORE_ERROR : ExitCodes.OK;
    }

    /**
     * The fleet store as the listener's triage workers use it: each finished host stream recorded in its own
     * transaction (called under the listener's lock, one at a time); a failure is reported on stderr, counted, and
     * the next stream is tried again.
     */
    static final class LiveStore implements java.util.function.Consumer<HostResult>, AutoCloseable {
        private final StoreSink sink;
        private final java.io.PrintWriter err;
        private long failures;

        LiveStore(StoreSink sink, java.io.PrintWriter err) {
            this.sink = sink;
            this.err = err;
        }

        @Override
        public void accept(HostResult r) {
            try {
                sink.input(r.source(), java.util.List.of(r));
            } catch (StoreException e) {
                failures++;
                err.println("crashtriage listen: fleet store: " + ControlCharEscaper.escape(e.getMessage())
                        + " (" + r.incidents().size() + " incident(s) of " + ControlCharEscaper.escape(r.host())
                        + " not recorded)");
                err.flush();
            }
        }

        long failures() {
            return failures;
        }

        String describe() {
            return sink.describe() + (failures > 0 ? "; " + failures + " write(s) failed" : "");
        }

        @Override
        public void close() {
            sink.close();
        }
    }

    private ListenConfig config() {
        List<ListenAddress> addresses = new ArrayList<>();
        try {
            for (String u : udp) {
                addresses.add(ListenAddress.parse(u));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--udp " + e.getMessage());
        }
        if (addresses.isEmpty()) {
            addresses.add(new ListenAddress(null, ListenAddress.DEFAULT_PORT));
        }
        if (sockets < 1 || sockets > 64) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sockets must be 1..64");
        }
        if (queue < 16) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--queue must be at least 16");
        }
        if (reorderSlots < 1 || reorderWait < 0 || quiet <= 0 || statsInterval < 0 || rotateKeep < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--reorder-slots, --quiet must be positive; --reorder-wait, --stats-interval, --rotate-keep not negative");
        }
        long buffer = size("--rcvbuf", rcvbuf);
        long rotate = size("--rotate-size", rotateSize);
        return new ListenConfig(addresses, sockets, (int) Math.min(Integer.MAX_VALUE, buffer), queue, out, rotate,
                rotateKeep, reorderSlots, reorderWait, (long) (quiet * 1000), (long) (statsInterval * 1000));
    }

    private long size(String option, String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long mult = 1;
        if (t.endsWith("K") || t.endsWith("M") || t.endsWith("G")) {
            mult = t.endsWith("K") ? 1L << 10 : t.endsWith("M") ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            if (v < 0 || v > (Long.MAX_VALUE >> 30)) {
                throw new NumberFormatException();
            }
            return v * mult;
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " '" + text + "': a size in bytes, with K, M or G");
        }
    }
}
