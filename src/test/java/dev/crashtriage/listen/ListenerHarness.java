package dev.crashtriage.listen;

import dev.crashtriage.input.LogRecord;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Listener} without sockets: datagrams are handed to its processing step with the receive times a test
 * chooses, so windows and timeouts are exercised without waiting (no timed tests).
 */
final class ListenerHarness {
    static final long MS = 1_000_000L;
    private static final long BASE = 1_000_000_000_000L;

    final List<String> events = new ArrayList<>();
    final List<LogRecord> records = new ArrayList<>();
    final StringWriter err = new StringWriter();
    final Listener listener;

    ListenerHarness() {
        this(ListenConfig.defaults(List.of(new ListenAddress(null, 0))));
    }

    ListenerHarness(ListenConfig config) {
        RecordSink sink = new RecordSink() {
            @Override
            public void record(Host host, LogRecord r) {
                records.add(r);
                events.add(String.format(Locale.ROOT, "%s #%d L%d t=%s%s | %s", host.key, r.line(), r.level(),
                        r.hasMonoTime() ? String.format(Locale.ROOT, "%.6f", r.monoTime()) : "-",
                        r.callerId() == null ? "" : " [" + r.callerId() + "]", r.text()));
            }

            @Override
            public void quiet(Host host) {
                events.add("quiet " + host.key);
            }
        };
        listener = new Listener(config, sink, new PrintWriter(err), new KernelSocketDrops(java.nio.file.Path.of("/nonexistent")));
    }

    void datagram(long ms, String from, String payload) {
        datagram(ms, from, payload.getBytes(StandardCharsets.UTF_8));
    }

    void datagram(long ms, String from, byte[] payload) {
        listener.process(new Datagram(payload, address(from), BASE + ms * MS, 1_764_626_400_000_000L + ms * 1000));
    }

    void tick(long ms) {
        listener.tick(BASE + ms * MS);
    }

    void finish() {
        listener.finishProcessing();
    }

    /** Per-host counters, one line each, in the order hosts were first seen. */
    List<String> counters() {
        List<String> out = new ArrayList<>();
        for (ListenStats.HostCounters h : listener.snapshot(BASE).hosts()) {
            out.add(String.format(Locale.ROOT, "== %s: datagrams=%d records=%d extended=%d reordered=%d seq_gaps=%d "
                            + "not_sent=%d late=%d duplicates=%d reboots=%d incomplete=%d msgid_missing=%d%s", h.host(), h.datagrams(),
                    h.records(), h.extended(), h.reordered(), h.seqGaps(), h.notSent(), h.late(), h.duplicates(), h.resets(),
                    h.incomplete(), h.msgidMissing(), h.release() == null ? "" : " release=" + h.release()));
        }
        return out;
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
