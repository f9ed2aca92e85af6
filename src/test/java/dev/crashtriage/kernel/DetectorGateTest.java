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

    @Test
    void aFrameCutAfterItsPlusWakesTheCrashDetectorByShapeAlone() {
        List<Detector> ds = Detectors.standard();
        DetectorGate gate = new DetectorGate(ds);
        int crash = -1;
        for (int i = 0; i < ds.size(); i++) {
            if (ds.get(i) instanceof CrashReportDetector) {
                crash = i;
            }
        }
        // constructed: the first half of a stack frame a mail client wrapped inside its offset (RewrappedLines)
        String cut = " [<ffffffff811c0a4d>] ext4_da_write_begin+0x";
        assertTrue(ds.get(crash).wakeLiterals().stream().noneMatch(cut::contains), "the cut frame holds a wake literal");
        assertTrue((gate.woken(cut) & 1L << crash) != 0, "a cut frame does not wake the crash detector");
        // a whole frame of a module ends in its name, so it cannot be a cut one
        assertEquals(0, gate.woken(" [<ffffffff811c0a4d>] ext4_da_write_begin+0x1d/0x220 [ext4]") & 1L << crash,
                "a whole module frame, no report open, wakes the crash detector");
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

    /**
     * Line by line, not only in the end result: whenever a detector claims to be idle and a corpus line does not wake
     * it, reading the line must emit nothing and leave it idle. A wake literal missing from a declaration, or open state (a parked episode) that
     * {@link Detector#holdsOpenState()} does not count, breaks this on the first such line.
     */
    @Test
    void anIdleDetectorIsUnchangedByEveryLineThatDoesNotWakeIt() throws IOException {
        List<Detector> ds = Detectors.standard();
        DetectorGate gate = new DetectorGate(ds);
        int checked = 0;
        for (Path p : corpusLogs()) {
            List<LogRecord> records = read(p);
            long[] woken = records.stream().mapToLong(r -> gate.woken(r.text())).toArray();
            for (int i = 0; i < ds.size(); i++) {
                Detector d = Detectors.standard().get(i);
                if (d.wakeLiterals() == null) {
                    continue;
                }
                String name = d.getClass().getSimpleName() + " on " + p;
                List<IncidentBuilder> emitted = new ArrayList<>();
                for (int n = 0; n < records.size(); n++) {
                    boolean quiet = !d.holdsOpenState() && (woken[n] & 1L << i) == 0;
                    int before = emitted.size();
                    d.accept(records.get(n), emitted::add);
                    if (quiet) {
                        checked++;
                        assertEquals(before, emitted.size(), name + ": emitted on unwoken line " + records.get(n).line());
                        assertTrue(!d.holdsOpenState(), name + ": opened state on unwoken line " + records.get(n).line());
                    }
                }
            }
        }
        assertTrue(checked > 50_000, "idle unwoken lines checked: " + checked);
    }

    private static List<LogRecord> read(Path p) throws IOException {
        List<LogRecord> records = new ArrayList<>();
        try (InputStream in = Files.newInputStream(p)) {
            new LogReader().read(in, p.toString(), null, records::add);
        }
        return records;
    }

    private static List<Path> corpusLogs() throws IOException {
        List<Path> logs = new ArrayList<>();
        for (String dir : List.of("src/test/resources/realworld", "src/test/resources/logs", "src/test/resources/syzkaller",
                "src/test/resources/kernel-events", "signatures")) {
            try (Stream<Path> s = Files.walk(Path.of(dir))) {
                s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".txt")
                        || !p.getFileName().toString().contains(".")).forEach(logs::add);
            }
        }
        return logs;
    }

    @Test
    void gatedAndUngatedExtractionAreEqualOnEveryCorpusLog() throws IOException {
        List<Path> logs = corpusLogs();
        int incidents = 0;
        for (Path p : logs) {
            List<LogRecord> records = read(p);
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
