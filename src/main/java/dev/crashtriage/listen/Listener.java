package dev.crashtriage.listen;

import dev.crashtriage.input.KmsgHeader;
import dev.crashtriage.input.LineDecoder;
import dev.crashtriage.input.LogFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The live receiver: sockets ({@link UdpReceiver}) feed one bounded queue; one processing thread takes each
 * datagram apart -- extended netconsole (fragments joined by {@link FragmentAssembler}, order restored by each
 * host's {@link SequenceWindow}), a relay's syslog line, or plain netconsole text (joined into lines) -- writes it to
 * its host's raw log and hands the host's records, in order, to a {@link RecordSink} (the triage pipeline).
 * One thread owns all per-host state, so a host named by its messages may come from several sources.
 *
 * <p>{@link #run()} returns after {@link #stop()}: the sockets are drained, everything queued is processed,
 * partial messages are delivered as far as they got, the sink finishes, and the logs are fsynced and closed.
 */
public final class Listener {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long SYNC_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Plain netconsole text without its newline yet is delivered anyway after this long. */
    private static final long PARTIAL_LINE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int MAX_PARTIAL_LINE = 64 * 1024;
    private static final int HEADER_SCAN = 512;

    private final ListenConfig config;
    private final RecordSink sink;
    private final PrintWriter err;
    private final DatagramQueue queue;
    private final UdpReceiver receiver;
    private final KernelSocketDrops kernelDrops;
    private final Map<InetSocketAddress, Source> sources = new LinkedHashMap<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final long maxWaitNanos;
    private final long quietNanos;
    private volatile boolean stopping;
    private volatile boolean reopenLogs;
    private volatile boolean bound;
    private long processed;
    private long logErrorsReported;
    private KernelSocketDrops.Reading lastKernel = KernelSocketDrops.Reading.NONE;
    private int foreignReported;
    private final ListenStats stats = new ListenStats();

    /** What one sending address is in the middle of: fragments, a plain line without its newline, a relay's parsers. */
    private static final class Source {
        final String key;
        final FragmentAssembler fragments = new FragmentAssembler();
        final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
        long partialSince;
        LineDecoder plain;
        LineDecoder syslog;
        LineDecoder rfc5424;
        long lineNo;
        /** The host= its extended messages gave, for its fragments that do not carry the userdata. */
        String namedHost;

        Source(String key) {
            this.key = key;
        }
    }

    /**
     * A listener that triages each host's records with the analyze pipeline and reports incidents as they close.
     *
     * @param store what else hears each finished host stream (the fleet store), or null
     */
    public Listener(ListenConfig config, dev.crashtriage.triage.Pipeline pipeline, IncidentLines lines,
                    java.util.function.Consumer<dev.crashtriage.triage.HostResult> store, PrintWriter err) {
        this(config, new ParallelTriage(TRIAGE_WORKERS, () -> new LiveTriage(pipeline, lines, synchronizedStore(store),
                Host::syncLog)), err, KernelSocketDrops.system());
    }

    /** Triage threads: host streams are spread over them (one core's worth of triage is the bottleneck). */
    private static final int TRIAGE_WORKERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private static java.util.function.Consumer<dev.crashtriage.triage.HostResult> synchronizedStore(
            java.util.function.Consumer<dev.crashtriage.triage.HostResult> store) {
        if (store == null) {
            return null;
        }
        Object lock = new Object();
        return r -> {
            synchronized (lock) {
                store.accept(r);
            }
        };
    }

    /** A listener that captures and counts only (no triage). */
    public Listener(ListenConfig config, PrintWriter err) {
        this(config, RecordSink.NONE, err, KernelSocketDrops.system());
    }

    Listener(ListenConfig config, RecordSink sink, PrintWriter err) {
        this(config, sink, err, KernelSocketDrops.system());
    }

    Listener(ListenConfig config, RecordSink sink, PrintWriter err, KernelSocketDrops kernelDrops) {
        this.config = config;
        this.sink = sink;
        this.err = err;
        this.queue = new DatagramQueue(config.queueCapacity());
        this.receiver = new UdpReceiver(queue);
        this.kernelDrops = kernelDrops;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(config.reorderMillis());
        this.quietNanos = TimeUnit.MILLISECONDS.toNanos(config.quietMillis());
    }

    /** Binds the sockets and says what the kernel granted; an address in use or not local is an IOException. */
    public void bind() throws IOException {
        if (config.outDir() != null) {
            Files.createDirectories(config.outDir());
        }
        receiver.bind(config.addresses(), config.socketsPerAddress(), config.receiveBuffer());
        KernelSocketDrops.Reading r = kernelCounters();
        if (r.foreign() > 0) {
            // SO_REUSEPORT let us join: the kernel would split the senders between the two receivers
            receiver.close();
            throw new IOException("cannot listen on udp port " + ports() + ": another process already receives there ("
                    + r.foreign() + " socket(s)) and would get a share of the senders");
        }
        for (UdpReceiver.Socket s : receiver.sockets()) {
            if (s.index() == 0) {
                err.println("crashtriage listen: receiving on udp " + s.address() + " with "
                        + config.socketsPerAddress() + " socket(s); receive buffer requested "
                        + s.requestedBuffer() + " bytes, granted " + s.grantedBuffer()
                        + (s.grantedBuffer() < s.requestedBuffer()
                        ? " (raise net.core.rmem_max for more: see docs/listen.md)" : ""));
            }
        }
        err.flush();
        bound = true;
    }

    /**
     * Another process bound to our address and port with SO_REUSEPORT after us (one that does not check, as
     * {@link #bind} does) gets a share of the senders from the kernel: datagrams this receiver never sees and
     * cannot count. Said on the status line's schedule, once per change.
     */
    private void warnOfForeignSockets(KernelSocketDrops.Reading r) {
        if (r.foreign() != foreignReported) {
            foreignReported = r.foreign();
            if (r.foreign() > 0) {
                err.println("crashtriage listen: warning: another process holds " + r.foreign()
                        + " socket(s) on the same address and port (SO_REUSEPORT): the kernel hands it a share of the "
                        + "senders, whose datagrams this receiver never sees nor counts. Stop the other receiver.");
                err.flush();
            }
        }
    }

    /** The ports actually bound (port 0 asked for an ephemeral one). */
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        for (UdpReceiver.Socket s : receiver.sockets()) {
            if (s.index() == 0) {
                ports.add(s.address().port());
            }
        }
        return ports;
    }

    /** Datagrams read from the sockets so far (processed, queued or counted as queue overflows); any thread. */
    public long datagramsReceived() {
        return receiver.received();
    }

    /** The kernel's drop counters for our sockets now; any thread. */
    KernelSocketDrops.Reading kernelCounters() {
        return kernelDrops.read(new HashSet<>(ports()));
    }

    /** Asks {@link #run()} to finish: safe from any thread (a signal handler). */
    public void stop() {
        stopping = true;
    }

    /** Asks for every raw log to be closed and opened again by name (SIGHUP, after logrotate). */
    public void reopenLogs() {
        reopenLogs = true;
    }

    /** Receives and processes until {@link #stop()}; returns the final counters. */
    public ListenStats.Snapshot run() throws IOException {
        if (!bound) {
            bind();
        }
        receiver.start();
        long nextTick = System.nanoTime() + TICK_NANOS;
        long nextSync = System.nanoTime() + SYNC_NANOS;
        long nextStats = config.statsIntervalMillis() > 0
                ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.statsIntervalMillis()) : Long.MAX_VALUE;
        stats.start(System.nanoTime());
        try {
            while (!stopping) {
                List<Datagram> batch;
                try {
                    batch = queue.poll(TICK_NANOS, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (batch != null) {
                    process(batch);
                }
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    tick(now);
                    nextTick = now + TICK_NANOS;
                }
                if (now - nextSync >= 0) {
                    syncLogs();
                    nextSync = now + SYNC_NANOS;
                }
                if (now - nextStats >= 0) {
                    err.println(statusLine(now));
                    err.flush();
                    nextStats = now + TimeUnit.MILLISECONDS.toNanos(config.statsIntervalMillis());
                }
            }
            // stop receiving, then finish what is queued
            drainSockets();
            lastKernel = kernelDrops.read(new HashSet<>(ports()));
            try {
                receiver.closeAndJoin();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<Datagram> batch;
            while ((batch = queue.poll()) != null) {
                process(batch);
            }
            finishProcessing();
            if (sink instanceof ParallelTriage p && p.failures() > 0) {
                err.println("crashtriage listen: internal error: triage failed on " + p.failures()
                        + " record(s), last: " + p.lastFailure() + " (a bug: please report it)");
            }
        } finally {
            receiver.close();
            closeLogs();
        }
        return snapshot(System.nanoTime());
    }

    /**
     * Stop receiving: go on processing until the sockets have gone quiet for 100 ms (what the kernel already held
     * is read), or for at most {@link #DRAIN_NANOS} when senders do not pause.
     */
    private void drainSockets() {
        long start = System.nanoTime();
        long last = receiver.received();
        long quietSince = start;
        while (true) {
            List<Datagram> d;
            try {
                d = queue.poll(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (d != null) {
                process(d);
            }
            long now = System.nanoTime();
            long r = receiver.received();
            if (r != last) {
                last = r;
                quietSince = now;
            } else if (d == null && now - quietSince > TimeUnit.MILLISECONDS.toNanos(100)) {
                return;
            }
            if (now - start > DRAIN_NANOS) {
                return;
            }
        }
    }

    /** Delivers what is still held (fragments, a line without its newline, reorder windows), then finishes the sink. */
    void finishProcessing() {
        for (Source s : sources.values()) {
            s.fragments.flush(m -> routeExtended(s, m));
            flushPartialLine(s);
            if (s.plain != null) {
                s.plain.finish(r -> host(s.key).parsed(r));
            }
        }
        for (Host h : hosts.values()) {
            h.window.flush();
            h.flushHeld();
        }
        sink.finish();
    }

    private void process(List<Datagram> batch) {
        for (Datagram d : batch) {
            process(d);
        }
    }

    void process(Datagram d) {
        processed++;
        Source src = sources.get(d.from());
        if (src == null) {
            src = new Source(key(d.from()));
            sources.put(d.from(), src);
        }
        byte[] b = d.data();
        if (b.length > 0 && b[0] == '<') {
            syslog(src, d);
            return;
        }
        // an extended header ends at the datagram's first ';' (a release prepend has none), well inside 512 bytes:
        // only that much is decoded to look for one
        int semi = -1;
        for (int i = 0, n = Math.min(b.length, HEADER_SCAN); i < n; i++) {
            byte c = b[i];
            if (c == ';') {
                semi = i;
                break;
            }
            if (c == '\n') {
                break;
            }
        }
        KmsgHeader h = semi < 0 ? null : KmsgHeader.parse(new String(b, 0, semi + 1, StandardCharsets.ISO_8859_1));
        if (h != null) {
            Source s = src;
            if (h.fragment()) {
                src.fragments.add(h, d, h.textStart(), m -> routeExtended(s, m));
            } else {
                routeExtended(src, NetconsoleMessage.of(h, b, h.textStart(), b.length - h.textStart(), 0, d.nanos(),
                        List.of(d)));
            }
            return;
        }
        plain(src, d);
    }

    /** A whole message (or one given up on): captured in its host's raw log, then put in order. */
    private void routeExtended(Source src, NetconsoleMessage m) {
        if (m.host() != null) {
            src.namedHost = m.host();
        }
        Host h = host(src.namedHost != null ? src.namedHost : src.key);
        for (Datagram d : m.datagrams()) {
            h.capture(d);
        }
        h.window.add(m);
    }

    /** A relay's line: RFC 5424 ({@code <PRI>1 TIMESTAMP HOST ...}) or BSD ({@code <PRI>Mmm dd hh:mm:ss HOST ...}). */
    private void syslog(Source src, Datagram d) {
        byte[] b = d.data();
        int gt = NetconsoleMessage.indexOf(b, 0, Math.min(b.length, 6), (byte) '>');
        boolean rfc5424 = gt > 0 && gt + 2 < b.length && b[gt + 1] == '1' && b[gt + 2] == ' ';
        LineDecoder decoder;
        if (rfc5424) {
            if (src.rfc5424 == null) {
                src.rfc5424 = new LineDecoder(LogFormat.RFC5424, "udp:" + src.key);
            }
            decoder = src.rfc5424;
        } else {
            if (src.syslog == null) {
                src.syslog = new LineDecoder(LogFormat.SYSLOG, "udp:" + src.key);
            }
            decoder = src.syslog;
        }
        List<dev.crashtriage.input.LogRecord> out = new ArrayList<>(2);
        int i = 0;
        while (i < b.length) {
            int nl = NetconsoleMessage.indexOf(b, i, b.length, (byte) '\n');
            int end = nl < 0 ? b.length : nl;
            if (end > i) {
                decoder.line(++src.lineNo, LineDecoder.clean(b, i, end - i), out::add);
            }
            i = end + 1;
        }
        // the datagram goes to the log of the host its line names
        String name = src.key;
        for (dev.crashtriage.input.LogRecord r : out) {
            if (r.host() != null) {
                name = r.host();
                break;
            }
        }
        host(name).capture(d);
        for (dev.crashtriage.input.LogRecord r : out) {
            host(r.host() != null ? r.host() : name).parsed(r);
        }
    }

    /** Plain netconsole: console text in datagrams of up to 1000 bytes, a line possibly split across several. */
    private void plain(Source src, Datagram d) {
        host(src.key).capture(d);
        byte[] b = d.data();
        int i = 0;
        while (i < b.length) {
            int nl = NetconsoleMessage.indexOf(b, i, b.length, (byte) '\n');
            if (nl < 0) {
                if (src.partialLine.size() == 0) {
                    src.partialSince = d.nanos();
                }
                src.partialLine.write(b, i, b.length - i);
                if (src.partialLine.size() >= MAX_PARTIAL_LINE) {
                    flushPartialLine(src);
                }
                return;
            }
            byte[] line;
            int off;
            int len;
            if (src.partialLine.size() > 0) {
                src.partialLine.write(b, i, nl - i);
                line = src.partialLine.toByteArray();
                off = 0;
                len = line.length;
                src.partialLine.reset();
            } else {
                line = b;
                off = i;
                len = nl - i;
            }
            plainLine(src, line, off, len);
            i = nl + 1;
        }
    }

    private void plainLine(Source src, byte[] b, int off, int len) {
        if (src.plain == null) {
            src.plain = new LineDecoder(LogFormat.DMESG, "udp:" + src.key);
        }
        Host h = host(src.key);
        src.plain.line(++src.lineNo, LineDecoder.clean(b, off, len), h::parsed);
    }

    private void flushPartialLine(Source src) {
        if (src.partialLine.size() > 0) {
            byte[] line = src.partialLine.toByteArray();
            src.partialLine.reset();
            plainLine(src, line, 0, line.length);
        }
    }

    private Host host(String name) {
        Host h = hosts.get(name);
        if (h == null) {
            h = new Host(name, config.reorderSlots(), maxWaitNanos, sink);
            hosts.put(name, h);
            if (config.outDir() != null) {
                try {
                    h.log = new HostLog(config.outDir().resolve(HostLog.fileName(name)), config.rotateBytes(),
                            config.rotateKeep());
                } catch (IOException e) {
                    h.logErrors++;
                    err.println("crashtriage listen: cannot open the raw log for " + name + ": " + e.getMessage());
                    err.flush();
                }
            }
        }
        return h;
    }

    void tick(long now) {
        for (Source s : sources.values()) {
            if (!s.fragments.isEmpty()) {
                s.fragments.expire(now, maxWaitNanos, m -> routeExtended(s, m));
            }
            if (s.partialLine.size() > 0 && now - s.partialSince > PARTIAL_LINE_NANOS) {
                flushPartialLine(s);
            }
        }
        for (Host h : hosts.values()) {
            if (!h.window.isEmpty()) {
                h.window.tick(now);
            }
            if (h.holding() && now - h.lastNanos > maxWaitNanos) {
                h.flushHeld();
            }
            if (h.active && now - h.lastNanos > quietNanos) {
                h.active = false;
                sink.quiet(h);
            }
        }
        sink.tick(now);
        if (reopenLogs) {
            reopenLogs = false;
            for (Host h : hosts.values()) {
                if (h.log != null) {
                    try {
                        h.log.reopen();
                    } catch (IOException e) {
                        h.logErrors++;
                    }
                }
            }
        }
        reportLogErrors();
    }

    private void syncLogs() {
        for (Host h : hosts.values()) {
            h.syncLog();
        }
    }

    void closeLogs() {
        for (Host h : hosts.values()) {
            if (h.log != null) {
                try {
                    h.log.close();
                } catch (IOException e) {
                    h.logErrors++;
                }
            }
        }
        reportLogErrors();
    }

    private void reportLogErrors() {
        long errors = 0;
        for (Host h : hosts.values()) {
            errors += h.logErrors + h.syncErrors.get();
        }
        if (errors > logErrorsReported) {
            err.println("crashtriage listen: " + (errors - logErrorsReported)
                    + " raw log write error(s) (disk full? see the per-host counters at exit)");
            err.flush();
            logErrorsReported = errors;
        }
    }

    private static String key(InetSocketAddress a) {
        if (a.getAddress() instanceof java.net.Inet6Address) {
            // an IPv4 sender on a dual-stack socket arrives as IPv4 already (Java unmaps ::ffff:a.b.c.d)
            return "[" + compressed(a.getAddress().getAddress()) + "]:" + a.getPort();
        }
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** RFC 5952 text for an IPv6 address: lowercase hex, the longest run of zero groups as "::". */
    static String compressed(byte[] b) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }

    String statusLine(long now) {
        ListenStats.Snapshot s = snapshot(now);
        return "crashtriage listen: " + s.statusLine();
    }

    /** The counters now. Reads the kernel's drop counters, so not for every datagram. */
    public ListenStats.Snapshot snapshot(long now) {
        if (!stopping) {
            lastKernel = kernelDrops.read(new HashSet<>(ports()));
            warnOfForeignSockets(lastKernel);
        }
        Map<InetSocketAddress, Long> queueDrops = receiver.queueDropsBySender();
        Set<String> seen = new HashSet<>();
        List<ListenStats.HostCounters> per = new ArrayList<>();
        Map<String, Long> dropsByHost = new LinkedHashMap<>();
        for (Map.Entry<InetSocketAddress, Long> e : queueDrops.entrySet()) {
            Source src = sources.get(e.getKey());
            String name = src == null ? key(e.getKey()) : src.namedHost != null ? src.namedHost : src.key;
            dropsByHost.merge(name, e.getValue(), Long::sum);
        }
        for (Host h : hosts.values()) {
            seen.add(h.key);
            per.add(new ListenStats.HostCounters(h.key, h.datagrams, h.bytes, h.records, h.extendedMessages,
                    h.window.reordered(), h.window.gaps(), h.window.notSent(), h.window.late(), h.window.duplicates(), h.window.resets(),
                    h.incompleteMessages, h.msgidMissingTotal(), dropsByHost.getOrDefault(h.key, 0L), h.logErrors + h.syncErrors.get(),
                    h.release, h.log == null ? null : h.log.file().toString()));
        }
        for (Map.Entry<String, Long> e : dropsByHost.entrySet()) {
            if (!seen.contains(e.getKey())) {
                per.add(new ListenStats.HostCounters(e.getKey(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, e.getValue(), 0,
                        null, null));
            }
        }
        return stats.snapshot(now, receiver.received(), receiver.receivedBytes(), receiver.queueDrops(), processed,
                lastKernel, per, sink.incidents());
    }

    /** Hosts seen so far (tests). */
    Host hostNamed(String name) {
        return hosts.get(name);
    }
}
