package dev.crashtriage.cli;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.render.ReportWriter;
import dev.crashtriage.triage.HostResult;

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
    private final ReentrantLock lock = new ReentrantLock();
    private final List<InputProblem> problems = new ArrayList<>();
    private boolean ended;
    private boolean outputClosed;
    private boolean interrupted;
    private boolean failed;

    ReportSink(ReportWriter writer, PrintWriter out, FailOn failOn) {
        this.writer = writer;
        this.out = out;
        this.failOn = failOn;
    }

    /** Writes a result; false when the output is gone (or the run interrupted) and work should stop. */
    boolean result(HostResult r) {
        lock.lock();
        try {
            failed |= failOn.failsOn(r);
            if (ended) {
                return false;
            }
            writer.result(r);
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

    List<InputProblem> problems() {
        lock.lock();
        try {
            return List.copyOf(problems);
        } finally {
            lock.unlock();
        }
    }
}
