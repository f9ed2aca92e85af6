package dev.crashtriage.triage;

import dev.crashtriage.input.InputTarget;
import dev.crashtriage.kernel.BootSession;
import dev.crashtriage.kernel.Incident;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs many inputs through one {@link Pipeline} on several threads, each input independently, and
 * replays each input's events to the sink on the calling thread in input order, so the report reads
 * the same whatever the thread count. At most {@code 2 * threads} inputs are in flight or waiting
 * to be replayed, which bounds memory to a few inputs' results.
 */
public final class ParallelRun {
    private final Pipeline pipeline;
    private final int threads;

    public ParallelRun(Pipeline pipeline, int threads) {
        this.pipeline = pipeline;
        this.threads = Math.max(1, threads);
    }

    /** Analyses the targets; stops starting new inputs once the sink is stopped. */
    public void run(List<InputTarget> targets, PipelineSink sink) {
        if (threads == 1 || targets.size() <= 1) {
            pipeline.runAll(targets, sink);
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, targets.size()), r -> {
            Thread t = new Thread(r, "crashtriage-input-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<Recorded>> window = new ArrayDeque<>();
            int next = 0;
            while (next < targets.size() || !window.isEmpty()) {
                while (next < targets.size() && window.size() < 2 * threads && !sink.stopped()) {
                    InputTarget t = targets.get(next++);
                    window.add(CompletableFuture.supplyAsync(() -> record(t), pool));
                }
                if (window.isEmpty()) {
                    break;
                }
                Recorded done = await(window.poll());
                if (!sink.stopped()) {
                    done.replay(sink);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Recorded record(InputTarget t) {
        Recorded r = new Recorded();
        pipeline.run(t, r);
        return r;
    }

    private static Recorded await(Future<Recorded> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an input", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** One input's events, held until its turn. */
    private static final class Recorded implements PipelineSink {
        private final List<Runnable> events = new ArrayList<>();
        private PipelineSink target;

        @Override
        public void incidentClosed(String source, String host, Incident incident) {
            events.add(() -> target.incidentClosed(source, host, incident));
        }

        @Override
        public void bootClosed(String source, String host, BootSession boot) {
            events.add(() -> target.bootClosed(source, host, boot));
        }

        @Override
        public void hostFinished(HostResult result) {
            events.add(() -> {
                if (!target.stopped()) {
                    target.hostFinished(result);
                }
            });
        }

        @Override
        public void inputFinished(InputResult result) {
            events.add(() -> target.inputFinished(result));
        }

        void replay(PipelineSink sink) {
            target = sink;
            for (Runnable e : events) {
                e.run();
            }
        }
    }
}
