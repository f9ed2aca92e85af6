package dev.crashtriage.listen;

import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.Pipeline;
import dev.crashtriage.triage.PipelineSink;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Triage as it happens: each host's records go through the same {@link Pipeline} as {@code analyze}, one
 * {@link Pipeline.Run} per host. Ranked causes exist only for a finished stream, so when the pipeline hears an
 * incident close, the host's stream is finished as soon as the host has been quiet for a second (at most five
 * seconds after the close, for a host that never pauses), and every incident of the result is reported with the
 * best-ranked cause that explains it. A host that sent a warning or worse (or a line without a level: plain
 * netconsole) among its last 64 lines and then stays quiet for the quiet interval is finished too: that closes a report whose end
 * the detectors are still waiting to see (the last line of a dead host), or one cut off by a hang. Otherwise a
 * host's stream lives on, so boots, facts and the lines a signature looks back at are kept across quiet periods.
 */
final class LiveTriage implements RecordSink {
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Ordinary lines after a warning within which a detector may still hold a report open. */
    private static final int OPEN_REPORT_LINES = 64;

    private final Pipeline pipeline;
    private final IncidentLines lines;
    private final Consumer<HostResult> store;
    private final Consumer<Host> beforeReport;
    private final Map<Host, Stream> streams = new HashMap<>();
    /** Written by this triage's thread only; read by the status line. */
    private volatile long incidents;
    private long now;

    /** One host's open stream. */
    private final class Stream implements PipelineSink {
        final Host host;
        Pipeline.Run run;
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
            if (!closed) {
                closed = true;
                closedAt = now;
            }
        }

        @Override
        public void hostFinished(HostResult result) {
            report(host, result);
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
            s.run = pipeline.open(host.source, s);
        }
        now = nanos;
        s.lastNanos = nanos;
        s.run.accept(r);
        // a host that falls silent soon after a warning or worse (or a line without a level) may have left a report
        // open (detectors close one only when they see enough of what follows); one that has sent nothing but
        // ordinary chatter since has not
        s.records++;
        if (r.level() <= 4) {
            s.lastSevere = s.records;
        }
        s.mayHoldOpen = s.lastSevere > 0 && s.records - s.lastSevere < OPEN_REPORT_LINES;
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

    private void report(Host host, HostResult result) {
        if (result.incidents().isEmpty()) {
            return;
        }
        beforeReport.accept(host);
        Instant at = Instant.now();
        for (Incident i : result.incidents()) {
            Cause top = topCause(result.causes(), i);
            int others = 0;
            for (Cause c : result.causes()) {
                if (c != top && c.incidents().contains(i.id())) {
                    others++;
                }
            }
            lines.write(at, host.key, i, top, others);
            incidents++;
        }
        if (store != null) {
            store.accept(result);
        }
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
