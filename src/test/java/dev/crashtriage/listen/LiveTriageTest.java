package dev.crashtriage.listen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import dev.crashtriage.triage.AnalysisOptions;
import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.Pipeline;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Triage as it happens, on the listener's own clock (the test hands it receive times; nothing sleeps): an
 * incident is reported once its report has ended and the host has paused, a dead host's last report after the
 * quiet interval, each with its host, title and top cause.
 */
class LiveTriageTest {
    private static final Pipeline PIPELINE =
            new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()), AnalysisOptions.defaults());
    private static final long MS = 1_000_000L;
    private static final long T0 = 5_000_000_000_000L;

    private final StringWriter out = new StringWriter();
    private final List<HostResult> stored = new ArrayList<>();
    private Listener listener;

    private void start(String format) {
        LiveTriage triage = new LiveTriage(PIPELINE, new IncidentLines(format, new PrintWriter(out)), stored::add,
                Host::syncLog);
        listener = new Listener(ListenConfig.defaults(List.of(new ListenAddress(null, 0))), triage,
                new PrintWriter(new StringWriter()), new KernelSocketDrops(Path.of("/nonexistent")));
    }

    /** syzkaller report 112 (Apache-2.0, src/test/resources/syzkaller/README): a NULL dereference ending in "end trace". */
    private static List<String[]> crash() throws IOException {
        List<String[]> recs = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/syzkaller/112.log"))) {
            long[] t = NetconsoleSender.dmesgTime(line);
            if (t != null) {
                String text = line.substring((int) t[1]);
                recs.add(new String[] {Long.toString(t[0]), text.startsWith(" ") ? text.substring(1) : text});
            }
        }
        return recs;
    }

    private long send(NetconsoleSender sender, InetSocketAddress from, long ms, int level, long usec, String text) {
        for (byte[] d : sender.record(level, usec, text)) {
            listener.process(new Datagram(d, from, T0 + ms * MS, 0));
        }
        return ms;
    }

    private void tick(long ms) {
        listener.tick(T0 + ms * MS);
    }

    @Test
    void aReportThatEndedIsReportedOnceTheHostPauses() throws Exception {
        start("text");
        InetSocketAddress from = new InetSocketAddress(InetAddress.getByName("10.1.0.7"), 6665);
        NetconsoleSender s = new NetconsoleSender(null, " host=web7\n", true, 100);
        long ms = 0;
        for (String[] r : crash()) {
            send(s, from, ms++, 4, Long.parseLong(r[0]), r[1]);
        }
        // the host lives on: ordinary lines after the report (the detector waits a few for a panic trailer)
        for (int i = 0; i < 30; i++) {
            send(s, from, ms++, 6, 190_200_000L + i, "e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex");
        }
        tick(ms + 500);
        assertEquals("", out.toString(), "not while the host may still be sending the report's tail");
        tick(ms + 1200);
        List<String> lines = out.toString().lines().toList();
        assertEquals(1, lines.size(), out::toString);
        assertTrue(lines.get(0).contains(" web7  BUG: unable to handle kernel NULL pointer dereference in process_one_work  => "),
                lines.get(0));
        assertEquals(1, stored.size(), "the store hears the finished stream");
        assertEquals("web7", stored.get(0).host());
        listener.finishProcessing();
        assertEquals(1, out.toString().lines().count(), "nothing reported twice at shutdown");
    }

    @Test
    void aDeadHostsLastReportIsReportedAfterTheQuietIntervalAsJson() throws Exception {
        start("jsonl");
        InetSocketAddress from = new InetSocketAddress(InetAddress.getByName("10.1.0.8"), 6665);
        NetconsoleSender s = new NetconsoleSender(null, null, false, 7);
        long ms = 0;
        for (String[] r : crash()) {
            send(s, from, ms++, 4, Long.parseLong(r[0]), r[1]);
        }
        tick(ms + 4000);
        assertEquals("", out.toString(), "inside the quiet interval the report may still go on");
        tick(ms + 5100);
        List<String> lines = out.toString().lines().toList();
        assertEquals(1, lines.size(), out::toString);
        JsonNode j = new ObjectMapper().readTree(lines.get(0));
        assertEquals("10.1.0.8:6665", j.get("host").asText());
        assertEquals("udp:10.1.0.8:6665", j.get("source").asText());
        assertEquals("BUG: unable to handle kernel NULL pointer dereference in process_one_work", j.get("title").asText());
        assertEquals(1, j.get("line").asInt());
        assertTrue(j.has("cause") && j.has("fingerprint") && j.has("kind"), j.toString());
    }
}
