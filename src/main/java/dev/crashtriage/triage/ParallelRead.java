package dev.crashtriage.triage;

import dev.crashtriage.input.LogRecord;
import dev.crashtriage.input.ReadSummary;
import dev.crashtriage.kernel.DetectorGate;
import dev.crashtriage.signature.SignatureEngine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs a record source, the signatures' stateless match step, the detectors' gate and the stateless step of the
 * two-step detectors on a reading thread, and hands the records with their matches, woken detectors and prepared
 * steps, in order and in batches, to the calling thread (which keeps all the stream state). Memory is bounded: at most {@link #QUEUED} batches of {@link #BATCH} records wait.
 */
final class ParallelRead {
    static final int BATCH = 2048;
    static final int QUEUED = 8;

    /** Receives the records on the calling thread. */
    interface MatchedRecords {
        void accept(LogRecord record, int[] matched, long woken, Object[] prepared);
    }

    private static final class Batch {
        final LogRecord[] records = new LogRecord[BATCH];
        final int[][] matched = new int[BATCH][];
        final long[] woken = new long[BATCH];
        final Object[][] prepared = new Object[BATCH][];
        int size;
        /** Set on the last batch. */
        boolean last;
        ReadSummary summary;
        Throwable failure;
    }

    private ParallelRead() {
    }

    static ReadSummary run(RecordSource source, SignatureEngine engine, MatchedRecords out) throws IOException {
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED);
        Thread reader = new Thread(() -> read(source, engine, queue), "crashtriage-reader");
        reader.setDaemon(true);
        reader.start();
        boolean done = false;
        try {
            while (true) {
                Batch b = queue.take();
                for (int i = 0; i < b.size; i++) {
                    out.accept(b.records[i], b.matched[i], b.woken[i], b.prepared[i]);
                }
                if (b.last) {
                    done = true;
                    return finish(b);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        } finally {
            if (!done) {
                // the consumer failed: the reader must not stay blocked on a full queue
                reader.interrupt();
            }
        }
    }

    private static ReadSummary finish(Batch b) throws IOException {
        Throwable t = b.failure;
        if (t == null) {
            return b.summary;
        }
        if (t instanceof IOException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }

    private static void read(RecordSource source, SignatureEngine engine, BlockingQueue<Batch> queue) {
        SignatureEngine.Matcher matcher = engine.matcher();
        DetectorGate gate = DetectorGate.standard();
        Batch[] current = {new Batch()};
        boolean[] cancelled = {false};
        Batch end;
        try {
            ReadSummary summary = source.pushTo(rec -> {
                if (cancelled[0]) {
                    // LogReader retries a record whose consumer threw: keep throwing until it unwinds
                    throw new ReaderInterrupted();
                }
                Batch b = current[0];
                b.records[b.size] = rec;
                b.matched[b.size] = matcher.match(rec);
                long woken = gate.woken(rec.text());
                b.woken[b.size] = woken;
                b.prepared[b.size] = gate.prepare(rec, woken);
                if (++b.size == BATCH) {
                    current[0] = new Batch();
                    try {
                        queue.put(b);
                    } catch (InterruptedException e) {
                        cancelled[0] = true;
                        throw new ReaderInterrupted();
                    }
                }
            });
            end = current[0];
            end.summary = summary;
        } catch (ReaderInterrupted e) {
            return;
        } catch (Throwable t) {
            end = current[0];
            end.failure = t;
        }
        if (cancelled[0]) {
            return;
        }
        end.last = true;
        try {
            queue.put(end);
        } catch (InterruptedException e) {
            // the consumer is gone
        }
    }

    /** The consumer gave up: unwinds the reading thread out of the source. */
    private static final class ReaderInterrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReaderInterrupted() {
            super(null, null, false, false);
        }
    }
}
