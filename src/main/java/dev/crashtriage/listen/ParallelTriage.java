package dev.crashtriage.listen;

import dev.crashtriage.input.LogRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Triage on worker threads: the records of each host go, in order, to one of {@code workers} {@link LiveTriage}s,
 * each on its own thread (a host always to the same one, so its stream stays in order and single-threaded).
 * Triage costs several times what receiving, reassembling and capturing do, so this is where a second core pays.
 * The queues are bounded: a worker that falls behind holds up the processing thread, whose own queue then fills
 * and counts its overflows (never a silent loss).
 */
final class ParallelTriage implements RecordSink {
    private static final int QUEUE = 1024;
    private static final int BATCH = 128;

    private sealed interface Event permits Rec, Batch, Tick, Quiet, Rebooted, Finish {
    }

    /** Records handed over together: one queue operation (and at most one wake-up) per batch, not per record. */
    private record Batch(List<Rec> records) implements Event {
    }

    private record Rec(Host host, LogRecord record, long nanos) implements Event {
    }

    private record Tick(long nanos) implements Event {
    }

    private record Quiet(Host host) implements Event {
    }

    private record Rebooted(Host host) implements Event {
    }

    private record Finish() implements Event {
    }

    private final List<BlockingQueue<Event>> queues = new ArrayList<>();
    /** Per worker, the records not handed over yet (processing thread only); sent when full and on every tick. */
    private final List<List<Rec>> pending = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<LiveTriage> triages = new ArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private volatile Throwable failure;

    ParallelTriage(int workers, Supplier<LiveTriage> triage) {
        for (int i = 0; i < workers; i++) {
            BlockingQueue<Event> q = new ArrayBlockingQueue<>(QUEUE);
            LiveTriage t = triage.get();
            queues.add(q);
            pending.add(new ArrayList<>(BATCH));
            triages.add(t);
            Thread th = new Thread(() -> work(q, t), "listen-triage-" + i);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
    }

    private void work(BlockingQueue<Event> q, LiveTriage t) {
        while (true) {
            Event e;
            try {
                e = q.take();
            } catch (InterruptedException ex) {
                return;
            }
            try {
                if (e instanceof Batch b) {
                    for (Rec r : b.records()) {
                        t.record(r.host(), r.record(), r.nanos());
                    }
                } else if (e instanceof Rec r) {
                    t.record(r.host(), r.record(), r.nanos());
                } else if (e instanceof Tick k) {
                    t.tick(k.nanos());
                } else if (e instanceof Quiet qu) {
                    t.quiet(qu.host());
                } else if (e instanceof Rebooted rb) {
                    t.rebooted(rb.host());
                } else {
                    t.finish();
                    return;
                }
            } catch (RuntimeException | StackOverflowError ex) {
                // a bug on one strange record must not stop the host's triage for good; the run reports it at exit
                failures.incrementAndGet();
                failure = ex;
            }
        }
    }

    private int workerOf(Host host) {
        return Math.floorMod(host.key.hashCode(), queues.size());
    }

    private void flush(int w) {
        List<Rec> p = pending.get(w);
        if (!p.isEmpty()) {
            put(queues.get(w), new Batch(List.copyOf(p)));
            p.clear();
        }
    }

    private void flushAll() {
        for (int w = 0; w < queues.size(); w++) {
            flush(w);
        }
    }

    private static void put(BlockingQueue<Event> q, Event e) {
        try {
            q.put(e);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void record(Host host, LogRecord r) {
        int w = workerOf(host);
        List<Rec> p = pending.get(w);
        p.add(new Rec(host, r, host.lastNanos));
        if (p.size() >= BATCH) {
            flush(w);
        }
    }

    @Override
    public void quiet(Host host) {
        int w = workerOf(host);
        flush(w);
        put(queues.get(w), new Quiet(host));
    }

    @Override
    public void rebooted(Host host) {
        int w = workerOf(host);
        flush(w);
        put(queues.get(w), new Rebooted(host));
    }

    @Override
    public void tick(long nanos) {
        flushAll();
        Tick t = new Tick(nanos);
        for (BlockingQueue<Event> q : queues) {
            // a tick is only a chance to act on time: when a worker is behind, the next one will do
            q.offer(t);
        }
    }

    @Override
    public void finish() {
        flushAll();
        for (BlockingQueue<Event> q : queues) {
            put(q, new Finish());
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public long incidents() {
        long n = 0;
        for (LiveTriage t : triages) {
            n += t.incidents();
        }
        return n;
    }

    /** Records or events a triage worker failed on (a bug), with the last failure. */
    long failures() {
        return failures.get();
    }

    Throwable lastFailure() {
        return failure;
    }
}
