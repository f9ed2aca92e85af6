package dev.crashtriage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code crashtriage listen} as a real process on loopback: a second receiver cannot join its port, SIGHUP reopens
 * the raw logs (logrotate), SIGTERM stops it cleanly -- what was received is triaged, flushed and counted, and the exit code is 0. Bounded: one crash,
 * and every wait gives up after 60 s.
 */
@EnabledOnOs(OS.LINUX)
class ListenProcessTest {
    private static final Pattern BOUND = Pattern.compile("receiving on udp 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void sighupReopensTheLogsAndSigtermFinishesAndExitsZero(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("capture");
        Path stdout = tmp.resolve("stdout");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "listen", "--udp", "127.0.0.1:0", "--out", out.toString(), "--stats-interval", "0", "--quiet", "2"));
        Path stderr = tmp.resolve("stderr");
        // files, not pipes: destroy() closes the pipes, and what it prints after SIGTERM is the point
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            waitFor(() -> BOUND.matcher(Files.readString(stderr)).find(), "the listening line");
            Matcher m = BOUND.matcher(Files.readString(stderr));
            assertTrue(m.find());
            int port = Integer.parseInt(m.group(1));
            InetSocketAddress to = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
            // a second receiver on the same port would be let in by SO_REUSEPORT and take a share of the senders
            java.io.StringWriter secondErr = new java.io.StringWriter();
            dev.crashtriage.listen.Listener second = new dev.crashtriage.listen.Listener(
                    dev.crashtriage.listen.ListenConfig.defaults(List.of(
                            dev.crashtriage.listen.ListenAddress.parse("127.0.0.1:" + port))),
                    new java.io.PrintWriter(secondErr));
            java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    second::bind);
            assertTrue(refused.getMessage().contains("another process already receives there"), refused.getMessage());
            assertFalse(secondErr.toString().contains("receiving on"), secondErr::toString);
            // the realworld soft lockup (realworld/G-3.log) as plain netconsole, one line per datagram
            List<String> crash = Files.readAllLines(Path.of("src/test/resources/realworld/G-3.log"));
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.4.1"), 0))) {
                for (String line : crash.subList(0, 20)) {
                    byte[] d = (line + "\n").getBytes(StandardCharsets.UTF_8);
                    s.send(new DatagramPacket(d, d.length, to));
                }
                Path log = out.resolve("127.0.4.1_" + s.getLocalPort() + ".log");
                waitFor(() -> Files.exists(log) && Files.readAllLines(log).size() == 20, "the first 20 lines on disk");
                // logrotate: move the file away, then SIGHUP
                Files.move(log, out.resolve("rotated.log"));
                assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor());
                waitFor(() -> Files.exists(log), "a new log after SIGHUP");
                for (String line : crash.subList(20, crash.size())) {
                    byte[] d = (line + "\n").getBytes(StandardCharsets.UTF_8);
                    s.send(new DatagramPacket(d, d.length, to));
                }
                waitFor(() -> Files.readString(stdout).contains("soft lockup"), "the incident line");
                waitFor(() -> Files.readAllLines(log).size() == crash.size() - 20, "the rest on disk");
                assertEquals(20, Files.readAllLines(out.resolve("rotated.log")).size(), "the old file was left alone");
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stops on SIGTERM");
            assertEquals(0, p.exitValue(), "SIGTERM is a normal stop");
            String tail = Files.readString(stderr);
            assertTrue(tail.contains("stopped after") && tail.contains(crash.size() + " datagrams"), tail);
            assertFalse(tail.contains("Exception") || tail.contains("\tat "), tail);
        } finally {
            p.destroyForcibly();
        }
        String incidents = Files.readString(stdout);
        assertEquals(1, incidents.lines().count(), incidents);
        assertTrue(incidents.contains("127.0.4.1:") && incidents.contains("(soft-lockup, "), incidents);
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
