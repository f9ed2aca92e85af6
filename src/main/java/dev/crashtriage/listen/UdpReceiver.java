package dev.crashtriage.listen;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sockets: for each listen address, several UDP sockets bound to the same port with {@code SO_REUSEPORT}
 * (the kernel spreads senders over them by their address hash, so one sender's datagrams stay in order on one
 * socket), each read by its own thread into one bounded queue. A datagram the queue has no room for is counted
 * against its sender, never dropped unseen; so are the kernel's own drops (see {@link KernelSocketDrops}).
 *
 * <p>Reading stops in two steps on shutdown: {@link #stop()} lets each thread read until its socket has been
 * empty for one poll interval (what the kernel already holds is still taken), then {@link #close()}.
 */
final class UdpReceiver implements AutoCloseable {
    /** Netconsole sends at most 1000 bytes plus headers; a relay's syslog line can be longer (RFC 5426 allows 64 KiB). */
    private static final int MAX_DATAGRAM = 65_535;
    private static final int POLL_MILLIS = 100;

    /** One bound socket and what it was granted. */
    record Socket(ListenAddress address, int index, DatagramSocket socket, int requestedBuffer, int grantedBuffer) {
    }

    private final List<Socket> sockets = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final BlockingQueue<Datagram> queue;
    private final LongAdder received = new LongAdder();
    private final LongAdder receivedBytes = new LongAdder();
    private final Map<InetSocketAddress, LongAdder> queueDrops = new ConcurrentHashMap<>();
    private final LongAdder queueDropTotal = new LongAdder();
    private volatile boolean stopping;
    private volatile long stopDeadline;

    UdpReceiver(BlockingQueue<Datagram> queue) {
        this.queue = queue;
    }

    /** Binds every socket; nothing is read until {@link #start()}. Throws with the address in the message. */
    void bind(List<ListenAddress> addresses, int socketsPerAddress, int receiveBuffer) throws IOException {
        for (ListenAddress a : addresses) {
            int port = a.port();
            for (int i = 0; i < socketsPerAddress; i++) {
                DatagramSocket s = new DatagramSocket(null);
                try {
                    if (socketsPerAddress > 1 || i > 0) {
                        s.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                    }
                    s.setReceiveBufferSize(receiveBuffer);
                    s.setSoTimeout(POLL_MILLIS);
                    // port 0 (tests): the first socket picks a port, the others join it
                    s.bind(port == 0 ? a.socketAddress() : new InetSocketAddress(a.socketAddress().getAddress(), port));
                } catch (IOException | RuntimeException e) {
                    s.close();
                    close();
                    throw new IOException("cannot listen on " + a + ": " + e.getMessage(), e);
                }
                port = s.getLocalPort();
                sockets.add(new Socket(new ListenAddress(a.address(), port), i, s, receiveBuffer,
                        s.getReceiveBufferSize()));
            }
        }
    }

    List<Socket> sockets() {
        return List.copyOf(sockets);
    }

    void start() {
        for (Socket s : sockets) {
            Thread t = new Thread(() -> read(s), "listen-udp-" + s.address() + "-" + s.index());
            t.setDaemon(true);
            readers.add(t);
            t.start();
        }
    }

    private void read(Socket s) {
        byte[] buf = new byte[MAX_DATAGRAM];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (true) {
            try {
                p.setLength(buf.length);
                s.socket().receive(p);
            } catch (SocketTimeoutException e) {
                if (stopping) {
                    return;
                }
                continue;
            } catch (IOException e) {
                // closed under us (close() after a failed stop), or a socket error that will not clear
                return;
            }
            long nanos = System.nanoTime();
            if (stopping && nanos - stopDeadline > 0) {
                // a sender that never pauses: what is left in the socket is reported as unread by the caller
                offer(buf, p, nanos);
                return;
            }
            offer(buf, p, nanos);
        }
    }

    private void offer(byte[] buf, DatagramPacket p, long nanos) {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        byte[] data = java.util.Arrays.copyOf(buf, p.getLength());
        InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
        received.increment();
        receivedBytes.add(data.length);
        if (!queue.offer(new Datagram(data, from, nanos, micros))) {
            queueDropTotal.increment();
            queueDrops.computeIfAbsent(from, k -> new LongAdder()).increment();
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

    /**
     * Stops reading once every socket is drained (empty for one poll interval), or after {@code maxDrainNanos} when
     * senders do not pause; returns when all reader threads have ended.
     */
    void stop(long maxDrainNanos) throws InterruptedException {
        stopDeadline = System.nanoTime() + maxDrainNanos;
        stopping = true;
        for (Thread t : readers) {
            t.join();
        }
    }

    @Override
    public void close() {
        stopping = true;
        for (Socket s : sockets) {
            s.socket().close();
        }
    }
}
