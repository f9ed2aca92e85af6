package dev.crashtriage.listen;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmark's sender (bench/listen.sh), not a test: extended netconsole datagrams from {@code --hosts}
 * sockets on distinct 127.0.9.x addresses, at {@code --rate} datagrams per second for {@code --seconds} (with {@code --rate 0}:
 * {@code --count} datagrams as fast as it can), each sent
 * to every {@code --to} address (so two receivers get the very same stream). With {@code --crash FILE} (a dmesg
 * log) its lines are sent from one extra host after the flood, and the wall-clock time the last one left is
 * printed, for the latency measure. Prints {@code sent=N} (per receiver) at the end.
 *
 * <pre>java -cp target/classes:target/test-classes dev.crashtriage.listen.ListenFlood --to 127.0.0.1:6666 --rate 50000 --seconds 5</pre>
 */
public final class ListenFlood {
    /** Constructed ordinary kernel chatter. */
    private static final String[] NOISE = {
        "e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx",
        "usb 1-1: new high-speed USB device number 7 using xhci_hcd",
        "audit: type=1400 audit(1700000000.123:42): apparmor=\"STATUS\" operation=\"profile_load\" name=\"/usr/sbin/cupsd\"",
        "systemd-journald[312]: Received client request to flush runtime journal.",
    };

    private ListenFlood() {
    }

    /** The i-th line of chatter. */
    static String noise(long i) {
        return NOISE[(int) (i % NOISE.length)];
    }

    public static void main(String[] args) throws Exception {
        List<InetSocketAddress> to = new ArrayList<>();
        long rate = 10_000;
        long count = 400_000;
        double seconds = 5;
        int hosts = 16;
        Path crash = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--to" -> {
                    for (String a : args[++i].split(",")) {
                        int c = a.lastIndexOf(':');
                        to.add(new InetSocketAddress(InetAddress.getByName(a.substring(0, c)), Integer.parseInt(a.substring(c + 1))));
                    }
                }
                case "--rate" -> rate = Long.parseLong(args[++i]);
                case "--count" -> count = Long.parseLong(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--hosts" -> hosts = Integer.parseInt(args[++i]);
                case "--crash" -> crash = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<DatagramChannel> sockets = new ArrayList<>();
        List<NetconsoleSender> senders = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            DatagramChannel s = DatagramChannel.open(StandardProtocolFamily.INET);
            s.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.9." + (1 + h)), 0));
            sockets.add(s);
            senders.add(new NetconsoleSender(null, " host=bench-" + h + "\n", true, 1));
        }
        long total = rate > 0 ? (long) (rate * seconds) : count;
        final int threads = Math.min(4, hosts);
        // every datagram is built before the clock starts, so the sender's cost is the send system call alone and
        // it can go faster than a receiver that takes each datagram apart (the ceiling is the receiver's)
        List<List<ByteBuffer>> plan = new ArrayList<>();
        List<List<DatagramChannel>> from = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            plan.add(new ArrayList<>());
            from.add(new ArrayList<>());
        }
        for (long i = 0; i < total; i++) {
            // host h is always sent by thread h % threads, so each host's datagrams leave in sequence order
            int h = (int) (i % hosts);
            int w = h % threads;
            byte[] d = senders.get(h).record(6, 1_000_000L + i, noise(i) + " #" + i).get(0);
            plan.get(w).add(ByteBuffer.wrap(d));
            from.get(w).add(sockets.get(h));
        }
        final double perThread = rate > 0 ? (double) rate / threads : 0;
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong sentTotal = new java.util.concurrent.atomic.AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            List<ByteBuffer> mine = plan.get(w);
            List<DatagramChannel> via = from.get(w);
            Thread t = new Thread(() -> {
                try {
                    int sent = 0;
                    while (sent < mine.size()) {
                        if (perThread > 0) {
                            // pace in batches of 64: sleeping per datagram would cost more than sending it
                            long due = start + (long) (sent * 1e9 / perThread);
                            long wait = due - System.nanoTime();
                            if (wait > 20_000) {
                                LockSupport.parkNanos(wait);
                            }
                        }
                        for (int k = 0; k < 64 && sent < mine.size(); k++, sent++) {
                            ByteBuffer b = mine.get(sent);
                            for (InetSocketAddress a : to) {
                                b.rewind();
                                via.get(sent).send(b, a);
                            }
                        }
                    }
                    sentTotal.addAndGet(sent);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        long sent = sentTotal.get();
        double took = (System.nanoTime() - start) / 1e9;
        System.out.printf("sent=%d seconds=%.2f rate=%.0f%n", sent, took, sent / took);
        if (crash != null) {
            sendCrash(crash, to);
        }
        for (DatagramChannel s : sockets) {
            s.close();
        }
    }

    private static void sendCrash(Path crash, List<InetSocketAddress> to) throws IOException {
        NetconsoleSender sender = new NetconsoleSender(null, " host=crashing-box\n", true, 500);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.9.200"), 0))) {
            long last = 0;
            for (String line : Files.readAllLines(crash, StandardCharsets.UTF_8)) {
                long[] t = NetconsoleSender.dmesgTime(line);
                if (t == null) {
                    continue;
                }
                String text = line.substring((int) t[1]);
                for (byte[] d : sender.record(4, t[0], text.startsWith(" ") ? text.substring(1) : text)) {
                    for (InetSocketAddress a : to) {
                        s.send(new DatagramPacket(d, d.length, a));
                    }
                }
                last = System.currentTimeMillis();
            }
            System.out.println("crash_last_line_ms=" + last);
        }
    }
}
