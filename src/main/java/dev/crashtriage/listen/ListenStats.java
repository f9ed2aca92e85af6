package dev.crashtriage.listen;

import java.util.List;
import java.util.Locale;

/**
 * The listener's counters at one moment; what each means is in docs/listen.md ("Counters"). Every datagram the
 * kernel handed us is either processed or counted as a queue overflow, and the kernel's own drops are read from
 * /proc, so {@code datagrams + socketDrops} is what reached this machine's UDP layer for our sockets.
 */
public final class ListenStats {
    private long startNanos;
    private long lastNanos;
    private long lastDatagrams;

    /**
     * One host's counters.
     *
     * @param host             host key (source address:port, or the name its messages give)
     * @param datagrams        datagrams captured for it
     * @param bytes            their bytes
     * @param records          log records delivered to triage
     * @param extended         extended netconsole messages (after fragment joining)
     * @param reordered        messages that arrived ahead of a gap and waited in the reorder window
     * @param seqGaps          sequence numbers given up on (lost, or never sent: printk may skip the console)
     * @param notSent          sequence numbers the sender's msgid shows were never sent (below console loglevel)
     * @param late             messages that came after their gap had been given up on (delivered out of order)
     * @param duplicates       messages received twice (dropped)
     * @param resets           sequence resets (reboots)
     * @param incomplete       messages delivered with a fragment missing
     * @param msgidMissing     messages the sender's msgid counter says it sent that never arrived
     * @param queueDrops       datagrams from this host's address that found the processing queue full
     * @param logErrors        raw log write errors
     * @param release          kernel release from the release prepend, or null
     * @param log              raw log file, or null
     */
    public record HostCounters(String host, long datagrams, long bytes, long records, long extended, long reordered,
                               long seqGaps, long notSent, long late, long duplicates, long resets, long incomplete,
                               long msgidMissing, long queueDrops, long logErrors, String release, String log) {
    }

    /**
     * All counters.
     *
     * @param elapsedSeconds  since receiving started
     * @param datagrams       read from the sockets
     * @param bytes           their bytes
     * @param queueDrops      of those, found the queue full
     * @param processed       taken apart and captured
     * @param kernelReadable  whether the kernel's socket counters could be read
     * @param socketDrops     dropped by the kernel (receive buffer full), from /proc/net/udp{,6}
     * @param socketQueued    bytes still waiting in our sockets
     * @param ratePerSecond   datagrams per second since the last snapshot
     * @param hosts           per host
     * @param incidents       incidents reported
     */
    public record Snapshot(double elapsedSeconds, long datagrams, long bytes, long queueDrops, long processed,
                           boolean kernelReadable, long socketDrops, long socketQueued, double ratePerSecond,
                           List<HostCounters> hosts, long incidents) {

        public long seqGaps() {
            return hosts.stream().mapToLong(HostCounters::seqGaps).sum();
        }

        public long msgidMissing() {
            return hosts.stream().mapToLong(HostCounters::msgidMissing).sum();
        }

        public long incomplete() {
            return hosts.stream().mapToLong(HostCounters::incomplete).sum();
        }

        public String statusLine() {
            return String.format(Locale.ROOT,
                    "%.0f msg/s, %d datagrams, %d hosts, drops: socket %s, queue %d; seq gaps %d, msgid missing %d, "
                            + "incomplete %d; incidents %d",
                    ratePerSecond, datagrams, hosts.size(), kernelReadable ? Long.toString(socketDrops) : "unknown",
                    queueDrops, seqGaps(), msgidMissing(), incomplete(), incidents);
        }
    }

    void start(long nanos) {
        startNanos = nanos;
        lastNanos = nanos;
    }

    Snapshot snapshot(long now, long datagrams, long bytes, long queueDrops, long processed,
                      KernelSocketDrops.Reading kernel, List<HostCounters> hosts, long incidents) {
        double dt = (now - lastNanos) / 1e9;
        double rate = dt > 0 ? (datagrams - lastDatagrams) / dt : 0;
        lastNanos = now;
        lastDatagrams = datagrams;
        return new Snapshot((now - startNanos) / 1e9, datagrams, bytes, queueDrops, processed, kernel.readable(),
                kernel.drops(), kernel.queued(), rate, List.copyOf(hosts), incidents);
    }
}
