package dev.crashtriage.listen;

import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import dev.crashtriage.triage.AnalysisOptions;
import dev.crashtriage.triage.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listener over real UDP on loopback (127.0.0.0/8 and ::1 only), bounded in datagrams and in time: every
 * wait ends after at most 30 s, and the assertions are about counts, never about how fast.
 */
@EnabledOnOs(OS.LINUX)
class UdpListenerTest {
    private static final Pipeline PIPELINE =
            new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()), AnalysisOptions.defaults());
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** A running listener and what it printed. */
    private static final class Running implements AutoCloseable {
        final Listener listener;
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final Thread thread;
        volatile ListenStats.Snapshot result;
        volatile Throwable failure;

        Running(ListenConfig config) throws IOException {
            listener = new Listener(config, PIPELINE, new IncidentLines("text", new PrintWriter(out, true)), null,
                    new PrintWriter(err, true));
            listener.bind();
            thread = new Thread(() -> {
                try {
                    result = listener.run();
                } catch (Throwable t) {
                    failure = t;
                }
            }, "listener-under-test");
            thread.start();
        }

        int port() {
            return listener.ports().get(0);
        }

        ListenStats.Snapshot stop() throws InterruptedException {
            listener.stop();
            thread.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NANOS));
            assertTrue(failure == null, () -> "listener failed: " + failure);
            assertTrue(result != null, "listener stopped");
            return result;
        }

        @Override
        public void close() throws InterruptedException {
            if (thread.isAlive()) {
                listener.stop();
                thread.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NANOS));
            }
        }
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long end = System.nanoTime() + WAIT_NANOS;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() - end < 0, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    /** The realworld soft lockup (realworld/G-3.log, a public report; see its .meta) as (usec, text) records. */
    private static List<Object[]> softLockup() throws IOException {
        List<Object[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/realworld/G-3.log"))) {
            long[] t = NetconsoleSender.dmesgTime(line);
            if (t != null) {
                String text = line.substring((int) t[1]);
                out.add(new Object[] {t[0], text.startsWith(" ") ? text.substring(1) : text});
            }
        }
        return out;
    }

    /** Constructed ordinary chatter that no detector takes for an incident. */
    private static final String[] NOISE = {
        "usb 1-1: new high-speed USB device number %d using xhci_hcd",
        "e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx",
        "audit: type=1400 audit(1700000000.%03d:%d): apparmor=\"STATUS\" operation=\"profile_load\"",
        "IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready",
    };

    private static int lines(byte[] datagram) {
        int n = 0;
        int i = 0;
        while (i < datagram.length) {
            int nl = NetconsoleMessage.indexOf(datagram, i, datagram.length, (byte) '\n');
            n++;
            i = nl < 0 ? datagram.length : nl + 1;
        }
        return Math.max(n, 1);
    }

    @Test
    void manySendersEachWithACrashInterleavedWithNoise(@TempDir Path out) throws Exception {
        int hosts = 8;
        ListenConfig config = new ListenConfig(List.of(ListenAddress.parse("127.0.0.1:0")), 2, 4 << 20, 65_536, out,
                256L << 20, 5, 512, 200, 1_500, 0);
        List<Object[]> crash = softLockup();
        try (Running r = new Running(config)) {
            InetSocketAddress to = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), r.port());
            // one socket per simulated host, on its own 127.x address; hosts 4..7 name themselves in userdata
            List<DatagramSocket> sockets = new ArrayList<>();
            List<NetconsoleSender> senders = new ArrayList<>();
            List<List<byte[]>> streams = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.3." + (10 + h)), 0));
                sockets.add(s);
                boolean named = h >= 4;
                NetconsoleSender sender = new NetconsoleSender(null, named ? " host=node-" + h + "\n" : null, named,
                        1000 + h);
                senders.add(sender);
                List<byte[]> stream = new ArrayList<>();
                long usec = 1_300_000_000L;
                for (int i = 0; i < 40; i++) {
                    stream.addAll(sender.record(6, usec += 1000, String.format(NOISE[i % NOISE.length], i, i)));
                }
                for (Object[] rec : crash) {
                    stream.addAll(sender.record(4, (Long) rec[0] + h, (String) rec[1]));
                }
                for (int i = 0; i < 10; i++) {
                    stream.addAll(sender.record(6, 1_400_000_000L + i, String.format(NOISE[i % NOISE.length], i, i)));
                }
                streams.add(stream);
            }
            long sent = 0;
            long[] linesPerHost = new long[hosts];
            for (int i = 0; ; i++) {
                boolean any = false;
                for (int h = 0; h < hosts; h++) {
                    if (i < streams.get(h).size()) {
                        byte[] d = streams.get(h).get(i);
                        sockets.get(h).send(new DatagramPacket(d, d.length, to));
                        linesPerHost[h] += lines(d);
                        sent++;
                        any = true;
                    }
                }
                if (!any) {
                    break;
                }
            }
            long total = sent;
            await(() -> r.listener.datagramsReceived() + r.listener.kernelCounters().drops() >= total,
                    "every datagram received or counted as dropped");
            await(() -> r.out.toString().lines().count() >= hosts, "one incident line per host");
            ListenStats.Snapshot s = r.stop();

            assertTrue(s.kernelReadable(), "this is Linux: /proc/net/udp is readable");
            assertEquals(sent, s.datagrams() + s.socketDrops(), "received + counted drops == sent");
            assertEquals(s.datagrams(), s.processed() + s.queueDrops());
            List<String> incidents = r.out.toString().lines().toList();
            assertEquals(hosts, incidents.size(), r.out::toString);
            for (int h = 0; h < hosts; h++) {
                String key = h >= 4 ? "node-" + h : "127.0.3." + (10 + h) + ":" + sockets.get(h).getLocalPort();
                assertTrue(incidents.stream().anyMatch(l -> l.contains(" " + key + "  ") && l.contains("soft lockup")
                        && l.contains("(soft-lockup, ")), () -> key + " in " + incidents);
                if (s.socketDrops() == 0 && s.queueDrops() == 0) {
                    Path log = out.resolve(HostLog.fileName(key));
                    assertEquals(linesPerHost[h], Files.readAllLines(log, StandardCharsets.ISO_8859_1).size(),
                            "every line captured: " + log);
                    ListenStats.HostCounters c = s.hosts().stream().filter(x -> x.host().equals(key)).findFirst()
                            .orElseThrow();
                    assertEquals(0, c.seqGaps());
                    assertEquals(streams.get(h).size(), c.datagrams());
                    assertEquals(40 + crash.size() + 10, c.records());
                }
            }
            for (DatagramSocket sock : sockets) {
                sock.close();
            }
        }
    }

    @Test
    void aBurstWellAboveWhatItCanTakeIsCountedNotLostSilently() throws Exception {
        // a tiny receive buffer and queue, four senders flat out: loss is certain, and every loss must be counted
        ListenConfig config = new ListenConfig(List.of(ListenAddress.parse("127.0.0.1:0")), 1, 4096, 16, null, 0, 0,
                512, 200, 10_000, 0);
        int senders = 4;
        int each = 20_000;
        StringWriter err = new StringWriter();
        Listener listener = new Listener(config, new PrintWriter(err, true));
        listener.bind();
        int port = listener.ports().get(0);
        ListenStats.Snapshot[] result = new ListenStats.Snapshot[1];
        Thread t = new Thread(() -> {
            try {
                result[0] = listener.run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        t.start();
        InetSocketAddress to = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < senders; k++) {
            int id = k;
            Thread s = new Thread(() -> {
                try (DatagramSocket sock = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.5." + (1 + id)), 0))) {
                    NetconsoleSender sender = new NetconsoleSender(null, null, false, 1);
                    for (int i = 0; i < each; i++) {
                        for (byte[] d : sender.record(6, 1000L * i, "burst line " + i + " from sender " + id
                                + " -- e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex")) {
                            sock.send(new DatagramPacket(d, d.length, to));
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            threads.add(s);
            s.start();
        }
        for (Thread s : threads) {
            s.join();
        }
        long sent = (long) senders * each;
        await(() -> listener.datagramsReceived() + listener.kernelCounters().drops() >= sent, "all accounted for");
        listener.stop();
        t.join(TimeUnit.NANOSECONDS.toMillis(WAIT_NANOS));
        ListenStats.Snapshot s = result[0];
        assertEquals(sent, s.datagrams() + s.socketDrops(), "received + socket drops == sent");
        assertEquals(s.datagrams(), s.processed() + s.queueDrops(), "processed + queue overflows == received");
        assertTrue(s.socketDrops() + s.queueDrops() > 0, "the burst was above what it could take: " + s.statusLine());
        long delivered = s.hosts().stream().mapToLong(ListenStats.HostCounters::extended).sum();
        assertEquals(s.processed(), delivered, "every processed datagram became a message");
        for (ListenStats.HostCounters h : s.hosts()) {
            // a loss inside a sender's stream shows as a sequence gap; only losses at its very end cannot
            assertTrue(h.extended() + h.seqGaps() <= each, h.toString());
            assertEquals(0, h.duplicates());
        }
    }

    @Test
    void theDefaultAddressTakesIpv4AndIpv6() throws Exception {
        ListenConfig config = new ListenConfig(List.of(new ListenAddress(null, 0)), 1, 1 << 20, 1024, null, 0, 0,
                512, 200, 10_000, 0);
        try (Running r = new Running(config)) {
            int port = r.port();
            NetconsoleSender v4 = new NetconsoleSender(null, " host=v4-box\n", false, 5);
            NetconsoleSender v6 = new NetconsoleSender(null, null, false, 7);
            try (DatagramSocket a = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
                 DatagramSocket b = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
                for (byte[] d : v4.record(6, 1, "hello over IPv4")) {
                    a.send(new DatagramPacket(d, d.length, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port)));
                }
                for (byte[] d : v6.record(6, 1, "hello over IPv6")) {
                    b.send(new DatagramPacket(d, d.length, new InetSocketAddress(InetAddress.getByName("::1"), port)));
                }
                await(() -> r.listener.datagramsReceived() >= 2, "both datagrams");
                ListenStats.Snapshot s = r.stop();
                List<String> hosts = s.hosts().stream().map(ListenStats.HostCounters::host).toList();
                assertEquals(List.of("v4-box", "[::1]:" + b.getLocalPort()).stream().sorted().toList(),
                        hosts.stream().sorted().toList());
            }
        }
    }
}
