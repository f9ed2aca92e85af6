package dev.crashtriage.listen;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded queue between the socket threads and the processing thread, holding datagrams in batches: a socket
 * thread hands over everything one burst brought with one queue operation (and at most one wake-up of the
 * processing thread), not one per datagram, which is where a per-datagram hand-over spent most of its time. The
 * bound is in datagrams ({@code --queue}); what does not fit is refused and the caller counts it.
 */
final class DatagramQueue {
    private final LinkedBlockingQueue<List<Datagram>> batches = new LinkedBlockingQueue<>();
    private final AtomicInteger held = new AtomicInteger();
    private final int capacity;

    DatagramQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Queues as many of the batch's datagrams as there is room for, from its start; returns how many. */
    int offer(List<Datagram> batch) {
        int room;
        int c;
        do {
            c = held.get();
            room = Math.min(batch.size(), capacity - c);
            if (room <= 0) {
                return 0;
            }
        } while (!held.compareAndSet(c, c + room));
        batches.add(room == batch.size() ? batch : List.copyOf(batch.subList(0, room)));
        return room;
    }

    /** The next batch, waiting at most the timeout; null when none came. */
    List<Datagram> poll(long timeout, TimeUnit unit) throws InterruptedException {
        return taken(batches.poll(timeout, unit));
    }

    /** The next batch, or null when the queue is empty. */
    List<Datagram> poll() {
        return taken(batches.poll());
    }

    private List<Datagram> taken(List<Datagram> b) {
        if (b != null) {
            held.addAndGet(-b.size());
        }
        return b;
    }
}
