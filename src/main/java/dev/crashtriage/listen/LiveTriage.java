package dev.crashtriage.listen;

import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.Pipeline;
import dev.crashtriage.triage.PipelineSink;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Triage as it happens: each host's records go through the same {@link Pipeline} as {@code analyze}, one
 * {@link Pipeline.Run} per host. Ranked causes exist only for a finished stream, so when the pipeline hears an
 * incident close, the host's stream is finished as soon as the host has been quiet for a second (at most five
 * seconds after the close, for a host that never pauses), and every incident not reported before is reported with
 * the best-ranked cause that explains it. A host that sent a warning or worse (or a line without a level: plain
 * netconsole) among its last 64 lines and then stays quiet for the quiet interval is finished too: that closes a
 * report whose end the detectors are still waiting to see, or one cut off by a hang. A host whose own lines say it
 * is gone ({@link HostGone}: a panic's last line, the kernel's reboot or power-off line) or that rebooted (a
 * sequence reset) is finished at once; one that panicked, after a second of silence.
 *
 * <p>A finished stream does not lose the host's context: its last records (up to {@link #CONTEXT_BYTES} of them,
 * less when a worker triages many hosts) are kept and replayed into the next stream before the host's next record, so boots,
 * facts, earlier incidents and the lines a signature looks back at are there as they would be in {@code analyze} of
 * the host's capture; incidents already reported (by kind and first line) are not reported again.
 */
final class LiveTriage implements RecordSink {
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Ordinary lines after a warning within which a detector may still hold a report open. */
    private static final int OPEN_REPORT_LINES = 64;
    /**
     * Bytes of a host's records kept to rebuild its context after a report ({@link ContextRecords}, ~200 bytes a
     * record): a whole boot of a quiet host, the last minutes of a chatty one. Each triage worker shares out
     * {@link #CONTEXT_BUDGET} over its hosts, between {@link #MIN_CONTEXT_BYTES} and {@link #CONTEXT_BYTES} each.
     */
    static final long CONTEXT_BYTES = 4L << 20;
    static final long CONTEXT_BUDGET = 64L << 20;
    static final long MIN_CONTEXT_BYTES = 256L << 10;

    private final Pipeline pipeline;
    private final IncidentLines lines;
    private final Consumer<HostResult> store;
    private final Consumer<Host> beforeReport;
    private final Map<Host, Stream> streams = new HashMap<>();
    /** Written by this triage's thread only; read by the status line. */
    private volatile long incidents;
    private long now;

    /** One host's stream, open or between reports, and the context it is rebuilt from. */
    private final class Stream implements PipelineSink {
        final Host host;
        Pipeline.Run run;
        final ContextRecords context = new ContextRecords();
        /** Incidents reported, by kind and first line, with that line (to forget those the context dropped). */
        final Map<String, Long> reported = new HashMap<>();
        boolean replaying;
        boolean closed;
        long closedAt;
        boolean mayHoldOpen;
        long records;
        long lastSevere;
        long lastNanos;

        Stream(Host host) {
            this.host = host;
        }

        @Override
        public void incidentClosed(String source, String hostName, Incident incident) {
            if (!replaying && !closed) {
                closed = true;
                closedAt = now;
            }
        }

        @Override
        public void hostFinished(HostResult result) {
            report(this, result);
        }
    }

    /**
     * @param pipeline     the analyze pipeline
     * @param lines        where incident lines go
     * @param store        what else hears each finished host stream (the fleet store), or null
     * @param beforeReport called before a host's incidents are reported (fsync its raw log)
     */
    LiveTriage(Pipeline pipeline, IncidentLines lines, Consumer<HostResult> store, Consumer<Host> beforeReport) {
        this.pipeline = pipeline;
        this.lines = lines;
        this.store = store;
        this.beforeReport = beforeReport;
    }

    @Override
    public void record(Host host, LogRecord r) {
        record(host, r, host.lastNanos);
    }

    /** A record received at {@code nanos} (passed in: on a triage worker, the host's fields belong to another thread). */
    void record(Host host, LogRecord r, long nanos) {
        Stream s = streams.get(host);
        if (s == null) {
            s = new Stream(host);
            streams.put(host, s);
        }
        if (s.run == null) {
            open(s);
        }
        now = nanos;
        s.lastNanos = nanos;
        s.run.accept(r);
        s.context.add(r, Math.max(MIN_CONTEXT_BYTES, Math.min(CONTEXT_BYTES, CONTEXT_BUDGET / streams.size())));
        // a host that falls silent soon after a warning or worse (or a line without a level) may have left a report
        // open (detectors close one only when they see enough of what follows); one that has sent nothing but
        // ordinary chatter since has not
        s.records++;
        if (r.level() <= 4) {
            s.lastSevere = s.records;
        }
        s.mayHoldOpen = s.lastSevere > 0 && s.records - s.lastSevere < OPEN_REPORT_LINES;
        HostGone gone = HostGone.of(r.text());
        if (gone == HostGone.GONE) {
            finish(s);
        } else if (gone == HostGone.PANICKING && !s.closed) {
            // the rest of the panic comes at once or not at all: report after a second of silence
            s.closed = true;
            s.closedAt = nanos;
        }
    }

    /** A new stream for the host, with its context replayed (what it already reported is not reported again). */
    private void open(Stream s) {
        s.run = pipeline.open(s.host.source, s);
        s.replaying = true;
        try {
            s.context.forEach(s.run);
        } finally {
            s.replaying = false;
        }
    }

    /** The host rebooted (its sequence numbers started again): what its last boot left is reported now. */
    @Override
    public void rebooted(Host host) {
        Stream s = streams.get(host);
        if (s != null && s.run != null) {
            finish(s);
        }
    }

    @Override
    public void tick(long nanos) {
        now = nanos;
        for (Stream s : streams.values()) {
            if (s.closed && (nanos - s.lastNanos > SETTLE_NANOS || nanos - s.closedAt > MAX_SETTLE_NANOS)) {
                finish(s);
            }
        }
    }

    @Override
    public void quiet(Host host) {
        Stream s = streams.get(host);
        if (s != null && s.run != null && s.mayHoldOpen) {
            finish(s);
        }
    }

    @Override
    public void finish() {
        for (Stream s : streams.values()) {
            if (s.run != null) {
                finish(s);
            }
        }
    }

    @Override
    public long incidents() {
        return incidents;
    }

    private void finish(Stream s) {
        Pipeline.Run run = s.run;
        if (run == null) {
            return;
        }
        s.run = null;
        run.finishHost(s.host.key);
        // what closed while finishing belongs to the result just reported
        s.closed = false;
        s.mayHoldOpen = false;
        s.lastSevere = 0;
    }

    private void report(Stream s, HostResult result) {
        long oldest = s.context.oldestLine();
        s.reported.values().removeIf(line -> line < oldest);
        List<Incident> fresh = new ArrayList<>();
        for (Incident i : result.incidents()) {
            if (s.reported.putIfAbsent(i.kind() + "@" + i.line(), i.line()) == null) {
                fresh.add(i);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        beforeReport.accept(s.host);
        Instant at = Instant.now();
        for (Incident i : fresh) {
            Cause top = topCause(result.causes(), i);
            int others = 0;
            for (Cause c : result.causes()) {
                if (c != top && c.incidents().contains(i.id())) {
                    others++;
                }
            }
            lines.write(at, s.host.key, i, top, others);
            incidents++;
        }
        if (store != null) {
            store.accept(fresh.size() == result.incidents().size() ? result : only(result, fresh));
        }
    }

    /** The result with only these incidents and the causes that explain them: what the store has not heard yet. */
    private static HostResult only(HostResult r, List<Incident> fresh) {
        Set<String> ids = new HashSet<>();
        for (Incident i : fresh) {
            ids.add(i.id());
        }
        List<Cause> causes = new ArrayList<>();
        for (Cause c : r.causes()) {
            if (c.incidents().stream().anyMatch(ids::contains)) {
                causes.add(c);
            }
        }
        return new HostResult(r.source(), r.host(), r.format(), r.lines(), r.kernel(), List.copyOf(fresh),
                List.copyOf(causes), r.context(), r.problems());
    }

    /** The best-ranked cause that names this incident. */
    private static Cause topCause(List<Cause> causes, Incident incident) {
        for (Cause c : causes) {
            if (c.incidents().contains(incident.id())) {
                return c;
            }
        }
        return null;
    }
}
