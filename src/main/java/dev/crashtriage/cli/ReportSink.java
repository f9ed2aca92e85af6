package dev.crashtriage.cli;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.render.ReportWriter;
import dev.crashtriage.triage.Baseline;
import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.ResultFilter;
import dev.crashtriage.triage.RunSummary;
import dev.crashtriage.triage.RunSummaryBuilder;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where analyze's results go as they are produced. It is shared between the command's thread and
 * the Ctrl-C hook, so that an interrupted run still ends its report (a JSON document with
 * {@code "interrupted": true}), and it notices a closed output (a reader like {@code head} gone)
 * so the command can stop quietly instead of analysing for nobody.
 */
final class ReportSink {
    /** How long Ctrl-C waits for a result being written before giving up on ending the report. */
    private static final long INTERRUPT_WAIT_MS = 2000;

    private final ReportWriter writer;
    private final PrintWriter out;
    private final FailOn failOn;
    private final Gate gate;
    private final RunSummaryBuilder summary = new RunSummaryBuilder();
    private final ReentrantLock lock = new ReentrantLock();
    private final List<InputProblem> problems = new ArrayList<>();
    private boolean ended;
    private boolean outputClosed;
    private boolean interrupted;
    private boolean failed;

    ReportSink(ReportWriter writer, PrintWriter out, FailOn failOn) {
        this(writer, out, failOn, new Gate(ResultFilter.none(), null, Baseline.empty(), 0, null));
    }

    ReportSink(ReportWriter writer, PrintWriter out, FailOn failOn, Gate gate) {
        this.writer = writer;
        this.out = out;
        this.failOn = failOn;
        this.gate = gate;
    }

    /**
     * What happens to a result between the pipeline and the report.
     *
     * @param filter   causes kept (--signature, --exclude-signature, --min-confidence)
     * @param catalog  the catalogue, for the filter's areas (null with no filter)
     * @param baseline known findings: they never fail the gate
     * @param top      causes shown per result (0: all); the gate and the baseline writer see all
     * @param record   collects what was found for --write-baseline, or null
     */
    record Gate(ResultFilter filter, dev.crashtriage.signature.SignatureCatalog catalog, Baseline baseline, int top,
                Baseline.Writer record) {
    }

    /** Writes a result; false when the output is gone (or the run interrupted) and work should stop. */
    boolean result(HostResult found) {
        lock.lock();
        try {
            HostResult r = gate.filter().apply(found, gate.catalog());
            failed |= failOn.failsOn(r, gate.baseline());
            summary.add(r);
            if (gate.record() != null) {
                gate.record().add(r);
            }
            if (ended) {
                return false;
            }
            writer.result(ResultFilter.top(r, gate.top()));
            // checkError flushes: results are few and coarse, so one flush each is cheap, and it is
            // the only way a PrintWriter reports EPIPE
            if (out.checkError()) {
                outputClosed = true;
                ended = true;
                return false;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    void problems(List<InputProblem> more) {
        lock.lock();
        try {
            problems.addAll(more);
            more.forEach(summary::problem);
        } finally {
            lock.unlock();
        }
    }

    /** Ends the report normally. */
    void finish() {
        end(false);
    }

    /** Ends the report as partial: called from the Ctrl-C hook while the command may still run. */
    void interrupt() {
        boolean locked = false;
        try {
            locked = lock.tryLock(INTERRUPT_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            // the writer is stuck (a reader that stopped reading): nothing more can reach it
            return;
        }
        try {
            if (!ended) {
                interrupted = true;
                endLocked(true);
            }
        } finally {
            lock.unlock();
        }
    }

    private void end(boolean partial) {
        lock.lock();
        try {
            if (!ended) {
                endLocked(partial);
            }
        } finally {
            lock.unlock();
        }
    }

    private void endLocked(boolean partial) {
        ended = true;
        try {
            writer.end(List.copyOf(problems), partial);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.checkError()) {
            outputClosed = true;
        }
    }

    boolean outputClosed() {
        return outputClosed;
    }

    boolean interrupted() {
        return interrupted;
    }

    /** True when some result reached the --fail-on level. */
    boolean failed() {
        return failed;
    }

    /** The cross-input summary of what was reported (for the one line on stderr). */
    RunSummary summary() {
        lock.lock();
        try {
            return summary.build(gate.baseline()::knowsCrash, gate.baseline()::knowsSignature);
        } finally {
            lock.unlock();
        }
    }

    List<InputProblem> problems() {
        lock.lock();
        try {
            return List.copyOf(problems);
        } finally {
            lock.unlock();
        }
    }
}
