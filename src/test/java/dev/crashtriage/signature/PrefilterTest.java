package dev.crashtriage.signature;

import dev.crashtriage.input.LiteralExtractor;
import dev.crashtriage.input.LogRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The literal prefilter: what it extracts, that it never hides a match, and that hostile patterns stay linear. */
class PrefilterTest {

    @Test
    void extractsTheLongestRequiredRunPerAlternative() {
        assertEquals(List.of(": transmit timed out"), LiteralExtractor.requiredLiterals("tg3: \\S+: transmit timed out"));
        assertEquals(List.of("NETDEV WATCHDOG: "),
                LiteralExtractor.requiredLiterals("NETDEV WATCHDOG: \\S+ \\(tg3\\): transmit (queue \\d+ )?timed out"));
        assertEquals(List.of("r changed"), LiteralExtractor.requiredLiterals("colou?r changed"));
        assertEquals(List.of("soft lockup", "hard LOCKUP"), LiteralExtractor.requiredLiterals("soft lockup|hard LOCKUP"));
        assertEquals(List.of("Sense Key : Medium Error"), LiteralExtractor.requiredLiterals("Sense Key : Medium Error"));
    }

    @Test
    void aRepeatedCharacterStillJoinsWhatFollows() {
        // "cp            D CFC53C8C": one or more spaces, D, one or more spaces => " D " is in every match
        assertEquals(List.of("NOTLB)"), LiteralExtractor.requiredLiterals("^\\S+ +D [0-9A-Fa-f]{8} .*NOTLB\\)$"));
        assertEquals(List.of(" D ", "NOTLB)"), LiteralExtractor.allRuns("^\\S+ +D [0-9A-Fa-f]{8} .*NOTLB\\)$"));
        assertEquals(List.of(), LiteralExtractor.allRuns("soft lockup|hard LOCKUP"), "alternatives: nothing is in every match");
        LinePattern p = LinePattern.regex("^\\S+ +D [0-9A-Fa-f]{8} .*NOTLB\\)$",
                com.google.re2j.Pattern.compile("^\\S+ +D [0-9A-Fa-f]{8} .*NOTLB\\)$"));
        assertTrue(p.matches("cp            D CFC53C8C  4780   376    368                     (NOTLB)"));
        assertTrue(!p.matches("imapd         R 00000292     0 14627  24890                     (NOTLB)"));
    }

    @Test
    void aGroupEveryMatchPassesThroughGivesLongerLiteralsThanAShortRun() {
        // fs-journal-recovery's orphan_cleanup: "EXT" alone is on one ext4 line in ten (mounts, quotas...)
        String orphan = "EXT[34]-fs( \\([^)]+\\))?: (orphan cleanup on readonly fs|\\d+ orphan inodes? deleted)";
        assertEquals(List.of("orphan cleanup on readonly fs", " orphan inode"), LiteralExtractor.requiredLiterals(orphan));
        LinePattern p = LinePattern.regex(orphan, com.google.re2j.Pattern.compile(orphan));
        // the sample lines of signatures/fs/fs-journal-recovery/positive-1.log
        assertTrue(p.matches("EXT4-fs (sda1): orphan cleanup on readonly fs"));
        assertTrue(p.matches("EXT4-fs (sda1): 42 orphan inodes deleted"));
        assertTrue(!p.matches("EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null)"));
        // an optional group is not required, and a group no longer than the run is not preferred
        assertEquals(List.of("NETDEV WATCHDOG: "),
                LiteralExtractor.requiredLiterals("NETDEV WATCHDOG: \\S+ \\(tg3\\): transmit (queue \\d+ )?timed out"));
        assertEquals(List.of("Kernel panic"), LiteralExtractor.requiredLiterals("Kernel panic.*(Fatal hardware error|[Ff]atal [Mm]achine check)"));
        assertNull(LiteralExtractor.requiredLiterals("(soft|hard) lockup|x"), "one alternative still has no literal");
    }

    /** The same guarantee for the built-in catalogue, whose literals now also come from required groups. */
    @Test
    void builtInPatternsNeverHideAMatchOnRealLines() throws IOException {
        List<String> lines = linesOf(Path.of("src/test/resources"), Path.of("signatures"));
        int checked = 0;
        for (Signature s : SignatureCatalog.builtIn().signatures()) {
            for (Selection sel : s.selections().values()) {
                if (!(sel instanceof Selection.Lines l)) {
                    continue;
                }
                for (LinePattern p : l.patterns()) {
                    for (String line : lines) {
                        if (p.matches(line)) {
                            checked++;
                            assertTrue(p.required() == null || p.required().stream().anyMatch(line::contains),
                                    p.source() + " matched a line without its literal " + p.required() + ": " + line);
                        }
                    }
                }
            }
        }
        assertTrue(checked > 100, "the check saw matches: " + checked);
    }

    static List<String> linesOf(Path... roots) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".txt")).toList()) {
                    lines.addAll(List.of(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1).split("\n")));
                }
            }
        }
        return lines;
    }

    @Test
    void givesUpWhenNotSure() {
        assertNull(LiteralExtractor.requiredLiterals("(?i)soft lockup"), "case-insensitive");
        assertNull(LiteralExtractor.requiredLiterals("ab|cd"), "too short to help");
        assertNull(LiteralExtractor.requiredLiterals("(soft|hard) lockup|x"), "one alternative has no literal");
        assertNull(LiteralExtractor.requiredLiterals("\\d+\\.\\d+"), "no literal at all");
        assertNull(LiteralExtractor.requiredLiterals("lock\\p{L}up"), "unicode classes are not read");
    }

    /** Every line of the fixtures' samples that a fixture pattern matches contains one of its literals. */
    @Test
    void neverHidesAMatchOnRealLines() throws IOException {
        SignatureCatalog catalog = SignatureCatalog.loadOnly(Path.of("src/test/resources/signatures-fixture"));
        List<String> lines;
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources"))) {
            lines = files.filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".txt"))
                    .flatMap(p -> {
                        try {
                            return Files.readAllLines(p).stream();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
        }
        int checked = 0;
        for (Signature s : catalog.signatures()) {
            for (Selection sel : s.selections().values()) {
                if (!(sel instanceof Selection.Lines l)) {
                    continue;
                }
                for (LinePattern p : l.patterns()) {
                    for (String line : lines) {
                        if (p.matches(line)) {
                            checked++;
                            assertTrue(p.required() == null || p.required().stream().anyMatch(line::contains),
                                    p.source() + " matched a line without its literal " + p.required() + ": " + line);
                        }
                    }
                }
            }
        }
        assertTrue(checked > 10, "the check saw matches: " + checked);
    }

    @Test
    void catastrophicBacktrackingPatternsStayLinearOn100KbLines() {
        String match = "selections:\n"
                + "  a: {lines: ['(a+)+$', '(a|aa)+b', '(.*a){12}x', '^(\\w+\\s?)*$']}\n"
                + "condition: a";
        Signature s = EngineFixture.sig("redos", match);
        String hostile = "a".repeat(100_000) + "!";
        List<LogRecord> records = List.of(LogRecord.plain("hostile", 1, hostile), LogRecord.plain("hostile", 2, hostile),
                LogRecord.plain("hostile", 3, "b".repeat(100_000)));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            List<Finding> f = EngineFixture.run(List.of(s), records, EngineFixture.noIncidents());
            // only '^(\\w+\\s?)*$' matches, and only the all-word third line: linear time, same answers
            assertEquals(1, f.size());
            assertEquals(List.of(3L), f.get(0).evidence().stream().map(Evidence::line).toList());
        });
    }
}
