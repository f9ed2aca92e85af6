package dev.crashtriage.listen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The sockets: for each listen address, several UDP sockets bound to the same port with {@code SO_REUSEPORT}
 * (the kernel spreads senders over them by their address hash, so one sender's datagrams stay in order on one
 * socket), each read by its own thread into one bounded queue, a burst at a time. A datagram the queue has no room for is counted
 * against its sender, never dropped unseen; so are the kernel's own drops (see {@link KernelSocketDrops}).
 *
 * <p>On shutdown, {@link #stop} lets the threads read on until the sockets have gone quiet (what the kernel already
 * holds is still taken), then closes them.
 */
final class UdpReceiver implements AutoCloseable {
    /** Netconsole sends at most 1000 bytes plus headers; a relay's syslog line can be longer (RFC 5426 allows 64 KiB). */
    private static final int MAX_DATAGRAM = 65_535;

    /** One bound socket and what it was granted. */
    record Socket(ListenAddress address, int index, DatagramChannel channel, int requestedBuffer, int grantedBuffer) {
    }

    private final List<Socket> sockets = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    /** Datagrams handed over together, at most: a burst's worth, small beside any --queue. */
    private static final int BATCH = 64;
    /**
     * After a burst, a reader waits this long before reading again (the kernel holds what comes meanwhile: 1 ms at
     * 100000 datagrams/s is a hundred datagrams, well inside any receive buffer), so a steady stream is read in
     * batches, not one wake-up per datagram. An idle socket is waited on, and its first datagram read at once.
     */
    private static final long COALESCE_NANOS = 1_000_000;
    /** A reader re-checks for close this often even if no wake-up reaches it. */
    private static final long SELECT_MILLIS = 100;

    private final DatagramQueue queue;
    private final List<Selector> selectors = new ArrayList<>();
    private final LongAdder received = new LongAdder();
    private final LongAdder receivedBytes = new LongAdder();
    private final Map<InetSocketAddress, LongAdder> queueDrops = new ConcurrentHashMap<>();
    private final LongAdder queueDropTotal = new LongAdder();
    private volatile boolean closing;

    UdpReceiver(DatagramQueue queue) {
        this.queue = queue;
    }

    /** Binds every socket; nothing is read until {@link #start()}. Throws with the address in the message. */
    void bind(List<ListenAddress> addresses, int socketsPerAddress, int receiveBuffer) throws IOException {
        for (ListenAddress a : addresses) {
            int port = a.port();
            for (int i = 0; i < socketsPerAddress; i++) {
                DatagramChannel ch = a.address() instanceof java.net.Inet4Address
                        ? DatagramChannel.open(StandardProtocolFamily.INET) : DatagramChannel.open();
                try {
                    if (socketsPerAddress > 1) {
                        ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                    }
                    ch.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
                    // port 0 (tests): the first socket picks a port, the others join it
                    ch.bind(new InetSocketAddress(a.socketAddress().getAddress(), port));
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    close();
                    throw new IOException("cannot listen on " + a + ": " + e.getMessage(), e);
                }
                port = ((InetSocketAddress) ch.getLocalAddress()).getPort();
                sockets.add(new Socket(new ListenAddress(a.address(), port), i, ch, receiveBuffer,
                        ch.getOption(StandardSocketOptions.SO_RCVBUF)));
            }
        }
    }

    List<Socket> sockets() {
        return List.copyOf(sockets);
    }

    void start() throws IOException {
        for (Socket s : sockets) {
            s.channel().configureBlocking(false);
            Selector selector = Selector.open();
            s.channel().register(selector, SelectionKey.OP_READ);
            selectors.add(selector);
            Thread t = new Thread(() -> read(s, selector), "listen-udp-" + s.address() + "-" + s.index());
            t.setDaemon(true);
            readers.add(t);
            t.start();
        }
    }

    /**
     * Non-blocking receives until the socket is empty, then one hand-over of the batch and a wait (a short pause
     * after a burst, the selector when idle): a burst costs one receive system call per datagram and one queue
     * operation per batch, an idle socket costs nothing. close() ends the wait.
     */
    private void read(Socket s, Selector selector) {
        ByteBuffer buf = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        List<Datagram> batch = new ArrayList<>(BATCH);
        try {
            while (!closing) {
                buf.clear();
                InetSocketAddress from;
                try {
                    from = (InetSocketAddress) s.channel().receive(buf);
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    if (closing || !s.channel().isOpen()) {
                        return;
                    }
                    // a transient error (ICMP-reported, ENOMEM): keep reading
                    continue;
                }
                if (from == null) {
                    boolean busy = !batch.isEmpty();
                    handOver(batch);
                    batch = new ArrayList<>(BATCH);
                    if (busy) {
                        // datagrams are coming: let the socket gather the next ones for a moment instead of
                        // waking (and waking the processing thread) for every one or two of them
                        LockSupport.parkNanos(COALESCE_NANOS);
                    } else {
                        selector.select(SELECT_MILLIS);
                        selector.selectedKeys().clear();
                    }
                    continue;
                }
                long nanos = System.nanoTime();
                Instant now = Instant.now();
                long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
                buf.flip();
                byte[] data = new byte[buf.remaining()];
                buf.get(data);
                received.increment();
                receivedBytes.add(data.length);
                batch.add(new Datagram(data, from, nanos, micros));
                if (batch.size() >= BATCH) {
                    handOver(batch);
                    batch = new ArrayList<>(BATCH);
                }
            }
        } catch (IOException e) {
            // the selector failed (closed under us): nothing more can be read from this socket
        } finally {
            // what was read is never lost: counted as received, so queued or counted as an overflow
            handOver(batch);
        }
    }

    private void handOver(List<Datagram> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int queued = queue.offer(batch);
        for (int i = queued; i < batch.size(); i++) {
            queueDropTotal.increment();
            queueDrops.computeIfAbsent(batch.get(i).from(), k -> new LongAdder()).increment();
        }
    }

    /** Datagrams read from the sockets (queued or counted as a queue overflow). */
    long received() {
        return received.sum();
    }

    long receivedBytes() {
        return receivedBytes.sum();
    }

    long queueDrops() {
        return queueDropTotal.sum();
    }

    /** Queue overflows per sender. */
    Map<InetSocketAddress, Long> queueDropsBySender() {
        Map<InetSocketAddress, Long> m = new java.util.HashMap<>();
        queueDrops.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Closes the sockets (a blocked receive ends) and waits for the reader threads. */
    void closeAndJoin() throws InterruptedException {
        close();
        for (Thread t : readers) {
            t.join();
        }
        for (Selector sel : selectors) {
            try {
                sel.close();
            } catch (IOException e) {
                // closing: the readers are gone
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        for (Selector sel : selectors) {
            sel.wakeup();
        }
        for (Socket s : sockets) {
            try {
                s.channel().close();
            } catch (IOException e) {
                // closing: nothing more to read from it either way
            }
        }
    }
}
