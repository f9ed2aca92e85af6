package dev.crashtriage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text report as a person reads it at 3 a.m., on the real logs of src/test/resources/realworld. */
class TextReportFeelTest {
    private static final String REAL = "src/test/resources/realworld/";

    /** A line may pass the width only when it holds one word that cannot be broken (a URL, a long command token). */
    private static void assertFits(String out, int width) {
        for (String line : out.split("\n")) {
            if (line.length() > width) {
                String[] words = line.trim().replaceFirst("^- ", "").split(" ");
                assertTrue(words.length == 1 || java.util.Arrays.stream(words).anyMatch(w -> w.length() > width / 2),
                        "line wider than " + width + ": " + line);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"A-2.log", "B-4.log", "C-1.log", "D-3.log", "E-3.log", "F-3.log", "G-3.log", "H-5.log",
        "I-3.log"})
    void notATerminalMeansEightyColumns(String log) {
        CliRun r = CliRun.run("analyze", "--color=never", REAL + log);
        assertTrue(r.code() == ExitCodes.OK || r.code() == ExitCodes.FINDINGS, r::toString);
        assertFits(r.out(), 80);
    }

    @Test
    void columnsSetsTheWidth() {
        CliRun narrow = CliRun.withStdin(null, Map.of("COLUMNS", "60"), "analyze", "--color=never", REAL + "E-3.log");
        assertFits(narrow.out(), 60);
        CliRun wide = CliRun.withStdin(null, Map.of("COLUMNS", "160"), "analyze", "--color=never", REAL + "E-3.log");
        assertTrue(wide.out().lines().anyMatch(l -> l.length() > 80), "prose uses the wider terminal");
    }

    @Test
    void verboseShowsEvidenceLinesWhole() throws Exception {
        List<String> log = Files.readAllLines(Path.of(REAL + "H-5.log"));
        CliRun r = CliRun.run("analyze", "--color=never", "--verbose", REAL + "H-5.log");
        java.util.regex.Pattern numbered = java.util.regex.Pattern.compile("^ {5} *(\\d+): (.*)$");
        int checked = 0;
        for (String line : r.out().split("\n")) {
            java.util.regex.Matcher m = numbered.matcher(line);
            if (m.matches()) {
                assertEquals(log.get(Integer.parseInt(m.group(1)) - 1).strip(), m.group(2).strip(), line);
                checked++;
            }
        }
        assertTrue(checked > 0, r::toString);
    }

    @Test
    void stdinIsNamedStdin() throws Exception {
        CliRun r = CliRun.withStdin(Files.readString(Path.of(REAL + "B-4.log")), Map.of(), "analyze", "--color=never");
        assertTrue(r.out().startsWith("== stdin"), r::toString);
        assertFalse(r.out().contains("== -") || r.out().contains(" -:"), r::toString);
    }

    @Test
    void aYearlessSyslogTimeReadsAsTheLogWroteIt() {
        CliRun r = CliRun.run("analyze", "--color=never", REAL + "B-4.log");
        assertTrue(r.out().contains("Mar 9 16:17:38"), r::toString);
        assertFalse(r.out().contains("--03-09T"), r::toString);
    }

    @Test
    void theLastLineSaysWhatItCounts() {
        CliRun r = CliRun.run("analyze", "--color=never", REAL + "A-2.log");
        String last = r.out().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("1 input, \\d+ incidents?, \\d+ likely causes?, 0 input problems"), last);
    }

    @Test
    void confusedWithNamesTheOtherCausesByTitle() {
        CliRun r = CliRun.run("analyze", "--color=never", "--verbose", REAL + "A-2.log");
        String out = r.out();
        int at = out.indexOf("Easily confused with:");
        assertTrue(at > 0, out);
        String next = out.substring(at).lines().skip(1).findFirst().orElse("");
        assertTrue(next.matches("\\s+- [A-Z].* \\((kernel-stack-overflow|silent-hang-unclean-reboot)\\)")
                || next.matches("\\s+- [A-Z].*"), "a title, then the id: " + next);
        assertFalse(next.matches("\\s+- [a-z0-9-]+"), "not a bare id: " + next);
    }

    @Test
    void theGuiltyFrameIsMarkedOnce() {
        // do_page_fault is both the faulting function and, further down, a caller on the stack
        CliRun r = CliRun.run("analyze", "--color=never", "--verbose", REAL + "A-2.log");
        String i1 = r.out().substring(r.out().indexOf("  I1 "));
        i1 = i1.contains("\n  I2 ") ? i1.substring(0, i1.indexOf("\n  I2 ")) : i1;
        assertEquals(1, i1.split("<- guilty", -1).length - 1, i1);
    }
}
