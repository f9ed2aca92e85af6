package dev.crashtriage.signature;

import dev.crashtriage.input.LogReader;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.Detectors;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.kernel.IncidentExtractor;
import dev.crashtriage.kernel.IncidentKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index the incident-bound judge looks nearby incidents up in gives, for every incident of the real-world and
 * syzkaller corpora, exactly the incidents a scan of the whole extraction would consider, in the same order.
 */
class BootIncidentIndexTest {

    @Test
    void lookupsEqualAScanOfEveryIncidentOnEveryCorpusLog() throws IOException {
        List<Path> logs = new ArrayList<>();
        for (String dir : List.of("src/test/resources/realworld", "src/test/resources/syzkaller")) {
            try (Stream<Path> s = Files.walk(Path.of(dir))) {
                s.filter(f -> f.toString().endsWith(".log")).forEach(logs::add);
            }
        }
        int lookups = 0;
        for (Path p : logs) {
            List<Incident> incidents = extract(p);
            BootIncidentIndex index = new BootIncidentIndex(incidents);
            for (Incident anchor : incidents) {
                Set<IncidentKind> other = EnumSet.complementOf(EnumSet.of(anchor.kind()));
                for (Set<IncidentKind> kinds : List.of(Set.<IncidentKind>of(), EnumSet.of(anchor.kind()), other)) {
                    for (int boot : new int[] {anchor.boot(), anchor.boot() - 1}) {
                        long[][] bounds = {{Long.MIN_VALUE, Long.MAX_VALUE}, {Long.MIN_VALUE, anchor.line()},
                            {anchor.endLine(), Long.MAX_VALUE}};
                        for (long[] b : bounds) {
                            List<Incident> got = index.candidates(anchor.source(), boot, kinds, b[0], b[1]).stream()
                                    .map(BootIncidentIndex.Entry::incident).toList();
                            assertEquals(scan(incidents, anchor.source(), boot, kinds, b[0], b[1]), got,
                                    p + " " + anchor.id() + " " + kinds + " boot " + boot);
                            lookups++;
                        }
                    }
                }
            }
        }
        assertTrue(lookups > 1000, "lookups: " + lookups);
    }

    /** What the judge scanned before the index: every incident, in extraction order. */
    private static List<Incident> scan(List<Incident> all, String source, int boot, Set<IncidentKind> kinds,
                                       long afterLine, long beforeLine) {
        return all.stream().filter(j -> j.boot() == boot && j.source().equals(source) && !j.lines().isEmpty()
                && (kinds.isEmpty() || kinds.contains(j.kind())) && j.line() > afterLine && j.line() < beforeLine).toList();
    }

    private static List<Incident> extract(Path p) throws IOException {
        IncidentExtractor x = new IncidentExtractor(Detectors.standard());
        try (InputStream in = Files.newInputStream(p)) {
            new LogReader().read(in, p.toString(), null, (LogRecord r) -> x.accept(r));
        }
        return x.finish().incidents();
    }
}
