package dev.crashtriage.listen;

import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import dev.crashtriage.triage.AnalysisOptions;
import dev.crashtriage.triage.Pipeline;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's CPU measure (bench/listen.sh), not a test: the CPU time one thread spends per datagram on the
 * listen path without sockets or scheduling -- taking apart, ordering, capturing ({@code --out} to a temporary
 * directory) and, in a second pass, triaging on the same thread -- over the same stream {@link ListenFlood} sends
 * (constructed chatter from 16 hosts). On a shared machine the zero-loss rate measures the neighbours as much as
 * the receiver; thread CPU time per datagram does not.
 *
 * <pre>java -cp target/classes:target/test-classes dev.crashtriage.listen.ListenCost [DATAGRAMS]</pre>
 */
public final class ListenCost {
    private ListenCost() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        List<Datagram> stream = stream(n);
        Pipeline pipeline = new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()), AnalysisOptions.defaults());
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (String pass : new String[] {"capture", "capture+triage"}) {
            for (int round = 0; round < 3; round++) {
                Path out = java.nio.file.Files.createTempDirectory("listen-cost");
                ListenConfig config = ListenConfig.defaults(List.of(new ListenAddress(null, 0))).withOutDir(out);
                RecordSink sink = pass.equals("capture") ? RecordSink.NONE
                        : new LiveTriage(pipeline, new IncidentLines("text", new PrintWriter(new StringWriter())), null,
                        Host::syncLog);
                Listener l = new Listener(config, sink, new PrintWriter(new StringWriter()),
                        new KernelSocketDrops(Path.of("/nonexistent")));
                long cpu0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                int i = 0;
                for (Datagram d : stream) {
                    l.process(d);
                    if ((++i & 1023) == 0) {
                        l.tick(d.nanos());
                    }
                }
                l.finishProcessing();
                long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                System.out.printf("%-15s round %d: %.2f us CPU per datagram (%.2f us wall), %d datagrams%n", pass,
                        round, cpu / 1e3 / n, (System.nanoTime() - t0) / 1e3 / n, n);
                l.closeLogs();
                deleteTree(out);
            }
        }
    }

    /** The flood's stream: 16 hosts in turn, constructed ordinary chatter (as {@link ListenFlood} sends). */
    static List<Datagram> stream(int n) throws Exception {
        List<NetconsoleSender> senders = new ArrayList<>();
        List<InetSocketAddress> from = new ArrayList<>();
        for (int h = 0; h < 16; h++) {
            senders.add(new NetconsoleSender(null, " host=bench-" + h + "\n", true, 1));
            from.add(new InetSocketAddress(InetAddress.getByName("127.0.9." + (1 + h)), 6665));
        }
        List<Datagram> out = new ArrayList<>(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            int h = i % 16;
            byte[] d = senders.get(h).record(6, 1_000_000L + i, ListenFlood.noise(i) + " #" + i).get(0);
            out.add(new Datagram(d, from.get(h), t0 + i * 10_000L, 1_700_000_000_000_000L + i * 10L));
        }
        return out;
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        try (var s = java.nio.file.Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
