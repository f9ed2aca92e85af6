package dev.crashtriage.listen;

import dev.crashtriage.input.LogFormat;
import dev.crashtriage.input.LogReader;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.input.ReadSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code listen --out} writes is read back by {@code analyze} as the listener read it live: the same records
 * (level, monotonic time, text, receive time as wall time), extended netconsole fragments joined again.
 */
class CaptureReplayTest {
    static final Path GOLDEN = Path.of("src/test/resources/listen/capture/desktop.log");

    /** One record as both sides see it; the line numbers and sources differ by design (capture lines vs. host records). */
    private static String key(LogRecord r) {
        return String.format(Locale.ROOT, "L%d t=%s wall=%s | %s", r.level(),
                r.hasMonoTime() ? String.format(Locale.ROOT, "%.6f", r.monoTime()) : "-", r.wallTime(), r.text());
    }

    private static List<String> read(Path file, LogFormat forced, List<ReadSummary> summary) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            summary.add(new LogReader().read(in, file.toString(), forced, r -> out.add(key(r))));
        }
        return out;
    }

    /**
     * The double fault of realworld I-3 (src/test/resources/input/README.md: extended netconsole posted to LKML by
     * Michele Ballabio), its records sent again as a netconsole target with userdata and msgid sends them: the
     * "Modules linked in" record no longer fits a datagram and goes as ncfrag fragments.
     */
    @Test
    void anExtendedNetconsoleCaptureReadsBackAsTheLiveRecords(@TempDir Path dir) throws IOException {
        List<LogRecord> sent = new ArrayList<>();
        try (InputStream in = Files.newInputStream(Path.of("src/test/resources/input/netconsole-ext-I-3.log"))) {
            new LogReader().read(in, "I-3", LogFormat.NETCONSOLE_EXTENDED, sent::add);
        }
        ListenerHarness h = new ListenerHarness(ListenConfig.defaults(List.of(new ListenAddress(null, 0))).withOutDir(dir));
        NetconsoleSender target = new NetconsoleSender(null, " host=desktop\n", true, 1490);
        long ms = 0;
        int fragmented = 0;
        for (LogRecord r : sent) {
            List<byte[]> datagrams = target.record(r.level(), Math.round(r.monoTime() * 1e6), r.text());
            fragmented += datagrams.size() > 1 ? 1 : 0;
            for (byte[] d : datagrams) {
                h.datagram(ms++, "10.2.0.5:6665", d);
            }
        }
        h.finish();
        h.listener.closeLogs();
        assertTrue(fragmented > 0, "the modules list is sent in fragments");

        List<ReadSummary> summary = new ArrayList<>();
        List<String> analysed = read(dir.resolve("desktop.log"), null, summary);
        assertEquals(LogFormat.NETCONSOLE_CAPTURE, summary.get(0).format(), "detected");
        assertEquals(h.records.stream().map(CaptureReplayTest::key).toList(), analysed);
        assertTrue(analysed.stream().anyMatch(l -> l.contains("double fault: 0000 [#1]")), analysed::toString);
        assertEquals(analysed, read(dir.resolve("desktop.log"), LogFormat.NETCONSOLE_CAPTURE, summary), "forced");

        // the capture is also the golden input the CLI tests analyse (cli/NetconsoleCaptureCliTest)
        if (Boolean.getBoolean("golden.update")) {
            Files.copy(dir.resolve("desktop.log"), GOLDEN, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertEquals(Files.readString(GOLDEN), Files.readString(dir.resolve("desktop.log")),
                "differs from " + GOLDEN + " (regenerate with -Dgolden.update=true)");
    }

    /** Plain netconsole text and a relay's syslog lines (constructed, as in reassembly/*.txt) read back the same way. */
    @Test
    void plainAndRelayedCapturesReadBackAsTheLiveRecords(@TempDir Path dir) throws IOException {
        ListenerHarness h = new ListenerHarness(ListenConfig.defaults(List.of(new ListenAddress(null, 0))).withOutDir(dir));
        h.datagram(0, "10.2.0.6:6666", "[  812.114230] BUG: kernel NULL pointer dereference, address: 0000000000000008\n");
        h.datagram(1, "10.2.0.6:6666", "[  812.114241] #PF: supervisor read access in kernel mode\n");
        h.datagram(2, "10.0.0.9:514", "<4>Mar 14 02:31:52 web1 kernel: [ 8812.114230] BUG: kernel NULL pointer "
                + "dereference, address: 0000000000000008");
        h.datagram(3, "10.0.0.9:514", "<4>1 2024-03-14T02:31:53.120000+00:00 web1 kernel - - - [ 8812.114250] CPU: 2 "
                + "PID: 0 Comm: swapper/2 Not tainted 5.15.0-91-generic #101-Ubuntu\n");
        h.finish();
        h.listener.closeLogs();
        List<ReadSummary> summary = new ArrayList<>();
        List<String> plain = read(dir.resolve("10.2.0.6_6666.log"), null, summary);
        List<String> relayed = read(dir.resolve("web1.log"), null, summary);
        assertEquals(LogFormat.NETCONSOLE_CAPTURE, summary.get(0).format());
        assertEquals(LogFormat.NETCONSOLE_CAPTURE, summary.get(1).format());
        List<String> live = h.records.stream().map(CaptureReplayTest::key).toList();
        assertEquals(live.subList(0, 2), plain);
        assertEquals(live.subList(2, 4), relayed);
    }
}
