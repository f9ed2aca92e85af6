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
 * best-ranked cause that explains it. A host that goes quiet for the quiet interval after a warning or worse
 * (or after lines without a level: plain netconsole) is finished too, which closes what its detectors held open
 * (a report cut off by a hang). Between incidents a host's stream lives on, so boots and facts are read across
 * quiet periods of healthy chatter.
 */
final class LiveTriage implements RecordSink {
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Pipeline pipeline;
    private final IncidentLines lines;
    private final Consumer<HostResult> store;
    private final Consumer<Host> beforeReport;
    private final Map<Host, Stream> streams = new HashMap<>();
    private long incidents;
    private long now;

    /** One host's open stream. */
    private final class Stream implements PipelineSink {
        final Host host;
        Pipeline.Run run;
        boolean closed;
        long closedAt;
        boolean mayHoldOpen;

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
        Stream s = streams.get(host);
        if (s == null) {
            s = new Stream(host);
            streams.put(host, s);
        }
        if (s.run == null) {
            s.run = pipeline.open(host.source, s);
        }
        now = host.lastNanos;
        s.run.accept(r);
        if (r.level() <= 4) {
            s.mayHoldOpen = true;
        }
    }

    @Override
    public void tick(long nanos) {
        now = nanos;
        for (Stream s : streams.values()) {
            if (s.closed && (nanos - s.host.lastNanos > SETTLE_NANOS || nanos - s.closedAt > MAX_SETTLE_NANOS)) {
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
