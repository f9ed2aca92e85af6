package dev.crashtriage.fleet;

import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.InputResult;
import dev.crashtriage.triage.PipelineSink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fleet store as a sink of the triage pipeline: an input's host results are gathered as they finish and
 * recorded when the input finishes, all of its hosts in one transaction, so an interrupted or failed run
 * leaves every input either wholly recorded or not at all. After a store error it records nothing more (the
 * report goes on) and {@link #error()} says what happened.
 */
public final class StoreSink implements PipelineSink, AutoCloseable {
    private final FleetStore store;
    private final List<HostResult> pending = new ArrayList<>();
    private IngestSummary total = IngestSummary.none();
    private StoreException error;

    public StoreSink(FleetStore store) {
        this.store = store;
    }

    @Override
    public void hostFinished(HostResult result) {
        if (error == null) {
            pending.add(result);
        }
    }

    @Override
    public void inputFinished(InputResult result) {
        if (error == null && !pending.isEmpty()) {
            try {
                input(result.source(), pending);
            } catch (StoreException e) {
                error = e;
            }
        }
        pending.clear();
    }

    /** Records one input's host results in one transaction. */
    public IngestSummary input(String source, List<HostResult> results) throws StoreException {
        Instant reference = referenceTime(source);
        List<HostBatch> batches = new ArrayList<>(results.size());
        for (HostResult r : results) {
            batches.add(HostBatch.of(r, reference));
        }
        IngestSummary s = store.ingest(batches);
        total = total.plus(s);
        return s;
    }

    public StoreException error() {
        return error;
    }

    public IngestSummary total() {
        return total;
    }

    public StoreLocation location() {
        return store.location();
    }

    /** One line for stderr: what was recorded, and what had to be guessed about times. */
    public String describe() {
        IngestSummary s = total;
        StringBuilder b = new StringBuilder("recorded " + s.added() + " new of " + s.incidents() + " incidents from "
                + s.hosts() + (s.hosts() == 1 ? " host stream" : " host streams") + " in " + location().display());
        List<String> notes = new ArrayList<>();
        if (s.yearInferred() > 0) {
            notes.add(s.yearInferred() + " without a year in the log (year taken from the file's date)");
        }
        if (s.zoneAssumed() > 0) {
            notes.add(s.zoneAssumed() + " without a zone (local time of the log, taken as UTC)");
        }
        if (s.untimed() > 0) {
            notes.add(s.untimed() + " without a wall-clock time (counted, but not in time-of-day or simultaneity)");
        }
        if (!notes.isEmpty()) {
            b.append("; times: ").append(String.join(", ", notes));
        }
        return b.toString();
    }

    /** When the input was last written: the year for timestamps without one. Now for stdin and streams. */
    static Instant referenceTime(String source) {
        if (source != null && !source.equals("-")) {
            String file = source.indexOf('!') > 0 ? source.substring(0, source.indexOf('!')) : source;
            try {
                Path p = Path.of(file);
                if (Files.isRegularFile(p)) {
                    return Files.getLastModifiedTime(p).toInstant();
                }
            } catch (IOException | RuntimeException e) {
                // not a file we can stat: fall back to now
            }
        }
        return Instant.now();
    }

    /** Closes the store; a failure to close after a good run is not worth more than the run's own result. */
    @Override
    public void close() {
        try {
            store.close();
        } catch (StoreException e) {
            if (error == null) {
                error = e;
            }
        }
    }
}
