package dev.crashtriage.cli;

import dev.crashtriage.fleet.FleetStore;
import dev.crashtriage.fleet.StoreLocation;
import dev.crashtriage.fleet.StoredOccurrence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code crashtriage listen --store}: each incident goes to the fleet store as it is reported, timed by when it
 * was received (netconsole carries no wall clock). In-process, loopback, stopped by the interrupt a process gets
 * on SIGTERM; every wait gives up after 60 s.
 */
@EnabledOnOs(OS.LINUX)
class ListenStoreTest {
    private static final Pattern BOUND = Pattern.compile("receiving on udp 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void incidentsAreRecordedInTheFleetStoreAsTheyAreReported(@TempDir Path tmp) throws Exception {
        Path db = tmp.resolve("fleet.db");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Interrupts interrupts = new Interrupts();
        Env env = new Env(new PrintWriter(out, true), new PrintWriter(err, true), new ByteArrayInputStream(new byte[0]),
                Map.of(), true, false, interrupts);
        int[] code = {-1};
        Thread t = new Thread(() -> code[0] = CommandLineFactory.run(env, "listen", "--udp", "127.0.0.1:0",
                "--store", db.toString(), "--quiet", "1", "--stats-interval", "0"));
        t.start();
        Instant before = Instant.now();
        waitFor(() -> BOUND.matcher(err.toString()).find(), "the listening line");
        Matcher m = BOUND.matcher(err.toString());
        assertTrue(m.find());
        InetSocketAddress to = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), Integer.parseInt(m.group(1)));
        int port;
        // the realworld soft lockup (realworld/G-3.log, a public report) as plain netconsole
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.6.1"), 0))) {
            port = s.getLocalPort();
            for (String line : Files.readAllLines(Path.of("src/test/resources/realworld/G-3.log"))) {
                byte[] d = (line + "\n").getBytes(StandardCharsets.UTF_8);
                s.send(new DatagramPacket(d, d.length, to));
            }
        }
        waitFor(() -> out.toString().contains("soft lockup"), "the incident line");
        interrupts.fire();
        t.join(TimeUnit.SECONDS.toMillis(60));
        assertEquals(ExitCodes.OK, code[0], err::toString);
        assertTrue(err.toString().contains("recorded 1 new of 1 incidents"), err::toString);

        try (FleetStore store = FleetStore.openExisting(StoreLocation.ofFile(db))) {
            List<StoredOccurrence> occ = store.occurrences(Instant.EPOCH);
            assertEquals(1, occ.size(), occ::toString);
            StoredOccurrence o = occ.get(0);
            assertEquals("127.0.6.1:" + port, o.host());
            assertEquals("udp:127.0.6.1:" + port, o.source());
            assertTrue(o.title().contains("soft lockup"), o.title());
            assertNotNull(o.instant(), "timed by its receive time");
            assertTrue(!o.instant().isBefore(before.minusSeconds(1)) && !o.instant().isAfter(Instant.now()), o.toString());
            assertEquals("soft-lockup", o.causes().get(0).signature());
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check c, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!c.ok()) {
            assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
            Thread.sleep(50);
        }
    }
}
