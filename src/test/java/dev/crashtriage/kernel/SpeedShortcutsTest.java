package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel layer's speed shortcuts stand in for the code they skip: a shortcut that says "nothing here"
 * must never hide a line the full check would take.
 */
class SpeedShortcutsTest {

    @Test
    void everyStoragePrefixPassesTheFirstCharacterGate() {
        for (String p : BlockIoDetector.SCSI_PREFIXES) {
            BlockIoDetector.Layer l = BlockIoDetector.classify(p + "0:0:0:0: [sda] tag#0 ");
            assertNotNull(l, p);
            assertTrue(l == BlockIoDetector.Layer.SCSI || l == BlockIoDetector.Layer.SCSI_INFO, p + " -> " + l);
        }
        for (String p : BlockIoDetector.DETAIL_PREFIXES) {
            assertEquals(BlockIoDetector.Layer.INFO, BlockIoDetector.classify(p + " 00 00"), p);
        }
    }

    /** Every line of the test corpora, the syzkaller reports among them. */
    private static List<String> corpusLines() throws IOException {
        List<String> out = new ArrayList<>();
        for (String dir : List.of("realworld", "logs", "logs/syzkaller", "syzkaller", "kernel-events")) {
            try (Stream<Path> s = Files.walk(Path.of("src/test/resources", dir))) {
                for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".gz")).toList()) {
                    out.addAll(Files.readAllLines(p, StandardCharsets.ISO_8859_1));
                }
            }
        }
        return out;
    }

    @Test
    void theCrashHeaderScreenPassesEveryLineAFormatsHeaderMatches() throws IOException {
        // derived from the header patterns (LiteralExtractor): this checks the derivation never drops a header line
        dev.crashtriage.input.LiteralScreen screen = CrashReportDetector.HEADER_SCREEN;
        int headers = 0;
        for (String line : corpusLines()) {
            for (CrashFormat f : CrashFormats.ALL) {
                Matcher m = f.header().matcher(line);
                if (m.find()) {
                    headers++;
                    assertTrue(screen.anyIn(line), () -> "format '" + f.literal() + "' matches a line the screen drops: " + line);
                    break;
                }
            }
        }
        assertTrue(headers > 200, "the corpora hold hundreds of crash headers: " + headers);
    }

    /** The lines of the signatures' real samples: the device-event vocabulary's own lines. */
    private static List<String> signatureSampleLines() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Path.of("signatures"))) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".log")).toList()) {
                for (String line : Files.readAllLines(p, StandardCharsets.ISO_8859_1)) {
                    // the text after a dmesg time stamp, as the detector sees it
                    int close = line.startsWith("[") ? line.indexOf("] ") : -1;
                    out.add(close > 0 ? line.substring(close + 2) : line);
                }
            }
        }
        return out;
    }

    @Test
    void everyDeviceEventTriggerHasLiteralsForTheEntryScreen() {
        for (DeviceEventDetector.Entry e : DeviceEventDetector.TABLE) {
            assertNotNull(dev.crashtriage.input.LiteralExtractor.requiredLiterals(e.trigger().pattern()),
                    () -> e.subsystem() + ": a trigger without a required literal would run on every candidate line");
        }
    }

    @Test
    void theDeviceEventEntryScreenPassesEveryLineAnEntryMatches() throws IOException {
        DeviceEventDetector.EntryScreen screen = new DeviceEventDetector.EntryScreen(DeviceEventDetector.TABLE);
        List<String> lines = new ArrayList<>(corpusLines());
        lines.addAll(signatureSampleLines());
        int matched = 0;
        for (String line : lines) {
            long[] may = screen.mayMatch(line).clone();
            for (int i = 0; i < DeviceEventDetector.TABLE.size(); i++) {
                DeviceEventDetector.Entry e = DeviceEventDetector.TABLE.get(i);
                if (e.trigger().matcher(line).find()) {
                    matched++;
                    assertTrue((may[0] & 1L << i) != 0, e.subsystem() + " trigger matches a line the screen drops: " + line);
                }
                if (e.context() != null && e.context().matcher(line).find()) {
                    matched++;
                    assertTrue((may[1] & 1L << i) != 0, e.subsystem() + " context matches a line the screen drops: " + line);
                }
            }
        }
        assertTrue(matched > 50, "the corpora and samples hold device-event lines: " + matched);
    }

    @Test
    void aContextPatternSplitIntoScreenedAlternativesFindsWhatTheWholePatternFinds() throws IOException {
        List<String> lines = new ArrayList<>(corpusLines());
        lines.addAll(signatureSampleLines());
        int found = 0;
        int split = 0;
        for (DeviceEventDetector.Entry e : DeviceEventDetector.TABLE) {
            if (e.context() == null) {
                continue;
            }
            DeviceEventDetector.ContextAlternatives alts = DeviceEventDetector.ContextAlternatives.of(e.context());
            if (alts.patterns().length > 1) {
                split++;
            }
            for (String line : lines) {
                boolean whole = e.context().matcher(line).find();
                if (whole) {
                    found++;
                }
                assertEquals(whole, alts.find(line), () -> e.subsystem() + " context, line: " + line);
            }
        }
        assertTrue(split >= 8, "most context patterns are alternations: " + split);
        assertTrue(found > 30, "the corpora and samples hold context lines: " + found);
    }
}
