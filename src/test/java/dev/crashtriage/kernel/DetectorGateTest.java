package dev.crashtriage.kernel;

import dev.crashtriage.input.LogReader;
import dev.crashtriage.input.LogRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The detector gate is derived from what each detector declares, and showing a detector only the lines that wake it
 * (while it is idle) changes nothing: every corpus log gives the same incidents and facts as with every line shown.
 */
class DetectorGateTest {

    @Test
    void eachDeclaredLiteralWakesItsDetectorAndAPlainLineWakesOnlyTheUndeclared() {
        List<Detector> ds = Detectors.standard();
        DetectorGate gate = new DetectorGate(ds);
        long undeclared = 0;
        int declared = 0;
        for (int i = 0; i < ds.size(); i++) {
            List<String> wake = ds.get(i).wakeLiterals();
            if (wake == null) {
                undeclared |= 1L << i;
                continue;
            }
            declared++;
            for (String l : wake) {
                long woken = gate.woken("xx " + l + " yy");
                assertTrue((woken & 1L << i) != 0, ds.get(i).getClass().getSimpleName() + " not woken by '" + l + "'");
            }
        }
        assertTrue(declared >= 3, "detectors that declare their literals: " + declared);
        // an ordinary link-up line (constructed) holds none of the declared literals
        assertEquals(undeclared, gate.woken("e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None"));
    }

    /** The same detector with the declarations hidden: it reads every line. */
    private static Detector everyLine(Detector d) {
        return new Detector() {
            @Override
            public void accept(LogRecord record, Consumer<IncidentBuilder> emit) {
                d.accept(record, emit);
            }

            @Override
            public void finish(Consumer<IncidentBuilder> emit) {
                d.finish(emit);
            }
        };
    }

    @Test
    void gatedAndUngatedExtractionAreEqualOnEveryCorpusLog() throws IOException {
        List<Path> logs = new ArrayList<>();
        for (String dir : List.of("src/test/resources/realworld", "src/test/resources/logs", "src/test/resources/syzkaller",
                "src/test/resources/kernel-events", "signatures")) {
            try (Stream<Path> s = Files.walk(Path.of(dir))) {
                s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".txt")
                        || !p.getFileName().toString().contains(".")).forEach(logs::add);
            }
        }
        int incidents = 0;
        for (Path p : logs) {
            List<LogRecord> records = new ArrayList<>();
            try (InputStream in = Files.newInputStream(p)) {
                new LogReader().read(in, p.toString(), null, records::add);
            }
            IncidentExtractor gated = new IncidentExtractor(Detectors.standard());
            IncidentExtractor ungated = new IncidentExtractor(Detectors.standard().stream().map(DetectorGateTest::everyLine).toList());
            for (LogRecord r : records) {
                gated.accept(r);
                ungated.accept(r);
            }
            Extraction a = gated.finish();
            Extraction b = ungated.finish();
            assertEquals(b.incidents(), a.incidents(), p.toString());
            assertEquals(b.facts(), a.facts(), p.toString());
            incidents += a.incidents().size();
        }
        assertTrue(logs.size() > 300 && incidents > 300, logs.size() + " logs, " + incidents + " incidents");
    }
}
