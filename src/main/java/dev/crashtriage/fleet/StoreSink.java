package dev.crashtriage.fleet;

import dev.crashtriage.triage.HostResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records each finished input of a run in the fleet store: all of its hosts in one transaction, so an
 * interrupted or failed run leaves every input either wholly recorded or not at all.
 */
public final class StoreSink implements AutoCloseable {
    private final FleetStore store;
    private IngestSummary total = IngestSummary.none();

    public StoreSink(FleetStore store) {
        this.store = store;
    }

    /** Records one input's host results. */
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

    public StoreLocation location() {
        return store.location();
    }

    public IngestSummary total() {
        return total;
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

    @Override
    public void close() throws StoreException {
        store.close();
    }
}
