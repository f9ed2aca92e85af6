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
 * Runs one input in three stages on three threads, in batches and in order: a reading thread runs the record source
 * (decompression, splitting, parsing); a screening thread runs the signatures' stateless match step, the detectors'
 * gate and the stateless step of the two-step detectors on each batch; the calling thread, which keeps all the
 * stream state, receives the records with their matches, woken detectors and prepared steps. Once the detectors'
 * stateless work left the calling thread, reading and screening together were the slower side (about 0.5 s of CPU
 * against 0.2 s on the 64 MiB noise log, warm): as two stages they share both cores with the assembly. Memory is
 * bounded: at most {@link #QUEUED} batches of {@link #BATCH} records wait between two stages.
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
        BlockingQueue<Batch> read = new ArrayBlockingQueue<>(QUEUED);
        BlockingQueue<Batch> screened = new ArrayBlockingQueue<>(QUEUED);
        Thread reader = new Thread(() -> read(source, read), "crashtriage-reader");
        Thread screener = new Thread(() -> screen(engine, read, screened), "crashtriage-screen");
        reader.setDaemon(true);
        screener.setDaemon(true);
        reader.start();
        screener.start();
        boolean done = false;
        try {
            while (true) {
                Batch b = screened.take();
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
            if (!done || screener.isAlive() || reader.isAlive()) {
                // the consumer failed, or the screening did and the reader still reads: no stage may stay blocked
                // on a full queue
                screener.interrupt();
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

    /** The screening stage: fills in each batch's matches, woken detectors and prepared steps, and passes it on. */
    private static void screen(SignatureEngine engine, BlockingQueue<Batch> in, BlockingQueue<Batch> out) {
        SignatureEngine.Matcher matcher = null;
        DetectorGate gate = null;
        try {
            while (true) {
                Batch b = in.take();
                int i = 0;
                try {
                    if (matcher == null && b.size > 0) {
                        matcher = engine.matcher();
                        gate = DetectorGate.standard();
                    }
                    for (; i < b.size; i++) {
                        LogRecord rec = b.records[i];
                        b.matched[i] = matcher.match(rec);
                        long woken = gate.woken(rec.text());
                        b.woken[i] = woken;
                        b.prepared[i] = gate.prepare(rec, woken);
                    }
                } catch (Throwable t) {
                    // as when the screening ran inside the source: the records before this one are delivered, then
                    // the failure
                    b.size = i;
                    b.last = true;
                    b.summary = null;
                    b.failure = t;
                }
                out.put(b);
                if (b.last) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // the consumer is gone
        }
    }

    private static void read(RecordSource source, BlockingQueue<Batch> queue) {
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
