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

    /** Sends the records one millisecond apart from time 0, at level 4; returns the time after the last. */
    private long sendAll(NetconsoleSender sender, InetSocketAddress from, List<String[]> records) {
        long ms = 0;
        for (String[] r : records) {
            send(sender, from, ms++, 4, Long.parseLong(r[0]), r[1]);
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
        // the oops without the panic that followed it in report 112: a host that survives an oops
        long ms = sendAll(s, from, crashUntil("Kernel panic"));
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
        // the oops up to its "end trace", then nothing: a host that hung after it says nothing about being gone
        long ms = sendAll(s, from, crashUntil("Kernel panic"));
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

    @Test
    void aHostThatPanicsIsReportedAtItsLastLineNotAfterTheQuietInterval() throws Exception {
        start("text");
        InetSocketAddress from = new InetSocketAddress(InetAddress.getByName("10.1.0.9"), 6665);
        NetconsoleSender s = new NetconsoleSender(null, " host=db3\n", true, 40);
        // report 112 ends as kernel/panic.c ends with a panic timeout: "Rebooting in 86400 seconds..", then nothing
        sendAll(s, from, crash());
        List<String> lines = out.toString().lines().toList();
        assertEquals(1, lines.size(), "reported on the host's last line, before any time passed: " + out);
        assertTrue(lines.get(0).contains(" db3  BUG: unable to handle kernel NULL pointer dereference"), lines.get(0));
    }

    @Test
    void aPanicWithoutItsLastLineIsReportedAfterASecondOfSilence() throws Exception {
        start("text");
        InetSocketAddress from = new InetSocketAddress(InetAddress.getByName("10.1.0.10"), 6665);
        NetconsoleSender s = new NetconsoleSender(null, null, false, 40);
        // the panic line and what follows it, but the trailer lost on the way: the host is going, not gone
        long ms = sendAll(s, from, crashUntil("Rebooting in"));
        tick(ms + 500);
        assertEquals("", out.toString(), "the rest of a panic may still come");
        tick(ms + 1100);
        assertEquals(1, out.toString().lines().count(), "a second after the panic, not the quiet interval: " + out);
    }

    @Test
    void aRebootLineOrASequenceResetReportsTheLastBootAtOnce() throws Exception {
        start("text");
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("10.1.0.11"), 6665);
        InetSocketAddress b = new InetSocketAddress(InetAddress.getByName("10.1.0.12"), 6665);
        NetconsoleSender sa = new NetconsoleSender(null, " host=rebooted-by-hand\n", false, 40);
        NetconsoleSender sb = new NetconsoleSender(null, " host=reset-by-watchdog\n", false, 40);
        long ms = 0;
        for (String[] r : crashUntil("Kernel panic")) {
            send(sa, a, ms, 4, Long.parseLong(r[0]), r[1]);
            send(sb, b, ms++, 4, Long.parseLong(r[0]), r[1]);
        }
        assertEquals("", out.toString());
        // kernel/reboot.c's last line before machine_restart()
        send(sa, a, ms, 0, 191_000_000L, "reboot: Restarting system");
        assertEquals(1, out.toString().lines().count(), out::toString);
        assertTrue(out.toString().contains(" rebooted-by-hand "), out::toString);
        // the other host says nothing and comes back: its next boot's first message (sequence 0) is the reset
        NetconsoleSender next = new NetconsoleSender(null, " host=reset-by-watchdog\n", false, 0);
        send(next, b, ms + 30_000, 5, 0, "Linux version 5.10.0 (constructed boot banner)");
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size(), out::toString);
        assertTrue(lines.get(1).contains(" reset-by-watchdog  BUG: unable to handle kernel NULL pointer dereference"),
                lines.get(1));
    }

    /**
     * Context survives a report: the constructed chain of chains/ata-pio0-hung.log (libata error rounds, then a minute
     * later tasks blocked in jbd) arrives with the log's own pauses, so the ata incidents are reported before the hung
     * tasks arrive; what is reported live, incident by incident with its top cause, is what analyze finds in the
     * host's raw capture, receive-time column and all.
     */
    @Test
    void theLiveResultOfACaptureEqualsAnalyzeOfItsRawLog(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        LiveTriage triage = new LiveTriage(PIPELINE, new IncidentLines("jsonl", new PrintWriter(out)), stored::add,
                Host::syncLog);
        listener = new Listener(ListenConfig.defaults(List.of(new ListenAddress(null, 0))).withOutDir(dir), triage,
                new PrintWriter(new StringWriter()), new KernelSocketDrops(Path.of("/nonexistent")));
        InetSocketAddress from = new InetSocketAddress(InetAddress.getByName("10.1.0.13"), 6665);
        NetconsoleSender s = new NetconsoleSender(null, " host=nas1\n", true, 1);
        long lastMs = -1;
        int reportedBeforeLast = -1;
        List<String> log = Files.readAllLines(Path.of("src/test/resources/chains/ata-pio0-hung.log"));
        for (String line : log) {
            long[] t = NetconsoleSender.dmesgTime(line);
            if (t == null) {
                continue;
            }
            long ms = t[0] / 1000;
            if (lastMs >= 0) {
                for (long k = lastMs + 250; k < ms; k += 250) {
                    tick(k);
                }
            }
            lastMs = ms;
            String text = line.substring((int) t[1]);
            send(s, from, ms, 4, t[0], text.startsWith(" ") ? text.substring(1) : text);
            reportedBeforeLast = (int) out.toString().lines().count();
        }
        tick(lastMs + 6000);
        listener.finishProcessing();
        listener.closeLogs();
        assertTrue(reportedBeforeLast > 0, "some incidents were reported while the stream went on: " + out);

        List<String> live = new ArrayList<>();
        for (String l : out.toString().lines().toList()) {
            JsonNode j = new ObjectMapper().readTree(l);
            live.add(j.get("kind").asText() + " | " + j.get("title").asText() + " | "
                    + (j.get("cause").isNull() ? "-" : j.get("cause").get("signature").asText()));
        }
        // the raw log, "<receive time> <record as sent>", read as it is: the capture is the evidence
        Path raw = dir.resolve("nas1.log");
        var report = PIPELINE.analyze(List.of(new dev.crashtriage.input.InputTarget(raw.toString(),
                () -> Files.newInputStream(raw))), List.of());
        List<String> analyzed = new ArrayList<>();
        for (HostResult r : report.results()) {
            for (dev.crashtriage.kernel.Incident i : r.incidents()) {
                dev.crashtriage.triage.Cause top = r.causes().stream()
                        .filter(c -> c.incidents().contains(i.id())).findFirst().orElse(null);
                analyzed.add(i.kind().id() + " | " + i.title() + " | " + (top == null ? "-" : top.signature()));
            }
        }
        assertTrue(analyzed.size() >= 2, "the chain has several incidents: " + analyzed);
        assertEquals(analyzed, live);
    }

    /** Report 112's lines before the first one that contains {@code stop}. */
    private static List<String[]> crashUntil(String stop) throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String[] r : crash()) {
            if (r[1].contains(stop)) {
                break;
            }
            out.add(r);
        }
        return out;
    }
}
