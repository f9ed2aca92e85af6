package dev.crashtriage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * analyze as a CI job runs it: a directory of real consoles (copies of the test logs), the gate's
 * options, baselines and the project config file.
 */
class CiOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LOGS = List.of("A-2.log", "B-4.log", "E-3.log", "G-3.log", "H-5.log");

    @TempDir
    Path dir;

    /** consoles/ with the five real logs, a README and a notes file, as a CI artefact folder looks. */
    private Path consoles() throws IOException {
        Path c = Files.createDirectories(dir.resolve("consoles"));
        for (String log : LOGS) {
            Files.copy(Path.of(CliRun.resource("logs/" + log)), c.resolve(log));
        }
        Files.writeString(c.resolve("README.md"), "# Nightly consoles\nOne file per test machine.\n");
        Files.createDirectories(c.resolve(".git"));
        Files.writeString(c.resolve(".git").resolve("HEAD"), "ref: refs/heads/main\n");
        return c;
    }

    private static JsonNode json(CliRun r) throws IOException {
        return JSON.readTree(r.out());
    }

    private static List<String> sources(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.get("results").forEach(r -> out.add(Path.of(r.get("source").asText()).getFileName().toString()));
        return out;
    }

    @Test
    void aDirectoryIsAnalysedInInputOrderWhateverTheThreadsAndNotLogsAreSkippedAndCounted() throws IOException {
        Path c = consoles();
        CliRun one = CliRun.run("analyze", "-f", "json", "--jobs", "1", c.toString());
        CliRun four = CliRun.run("analyze", "-f", "json", "--jobs", "4", c.toString());
        assertEquals(LOGS, sources(json(four)), four::toString);
        assertEquals(one.out(), four.out(), "the same report, byte for byte, on 1 or 4 threads");
        assertEquals(1, json(four).get("summary").get("skipped").asInt(), "README.md; .git is not walked");
        assertTrue(four.err().contains("1 file inside directories skipped as clearly not logs"), four::toString);
    }

    @Test
    void includeAndExcludeGlobs() throws IOException {
        Path c = consoles();
        CliRun r = CliRun.run("analyze", "-f", "json", "--include", "[A-E]-*.log", "--exclude", "B-*", c.toString());
        assertEquals(List.of("A-2.log", "E-3.log"), sources(json(r)), r::toString);
        CliRun none = CliRun.run("analyze", "--include", "*.txt", c.toString());
        assertEquals(ExitCodes.INPUT_ERROR, none.code(), none::toString);
        assertTrue(none.err().contains("directory holds no file to analyse (6 skipped"), none::toString);
    }

    @Test
    void failOnNeverAndSeverityLevels() throws IOException {
        Path c = consoles();
        assertEquals(ExitCodes.OK, CliRun.run("analyze", "--fail-on", "never", c.toString()).code());
        assertEquals(ExitCodes.FINDINGS, CliRun.run("analyze", "--fail-on", "critical", c.toString()).code(),
                "A-2's XFS stack overflow is critical");
        CliRun onlyNet = CliRun.run("analyze", "--fail-on", "critical", "--signature", "net",
                Path.of(c.toString(), "B-4.log").toString());
        assertEquals(ExitCodes.OK, onlyNet.code(), onlyNet::toString);
    }

    @Test
    void signatureFiltersTakeIdsAndAreasAndATypoIsAUsageError() throws IOException {
        Path c = consoles();
        JsonNode doc = json(CliRun.run("analyze", "-f", "json", "--exclude-signature", "net", c.toString()));
        doc.get("results").forEach(r -> r.get("causes").forEach(cause ->
                assertFalse(cause.get("signature").asText().startsWith("nic-"), cause::toString)));
        CliRun typo = CliRun.run("analyze", "--signature", "no-such-thing", c.toString());
        assertEquals(ExitCodes.USAGE, typo.code(), typo::toString);
        assertTrue(typo.err().contains("no signature id or area 'no-such-thing'"), typo::toString);
    }

    @Test
    void minConfidenceAndTop() throws IOException {
        Path c = consoles();
        JsonNode all = json(CliRun.run("analyze", "-f", "json", c.toString()));
        JsonNode high = json(CliRun.run("analyze", "-f", "json", "--min-confidence", "0.7", c.toString()));
        int before = all.get("summary").get("causes").asInt();
        int after = high.get("summary").get("causes").asInt();
        assertTrue(after < before, before + " -> " + after);
        high.get("results").forEach(r -> r.get("causes").forEach(cause ->
                assertTrue(cause.get("confidence").asDouble() >= 0.7, cause::toString)));
        JsonNode top = json(CliRun.run("analyze", "-f", "json", "--top", "1", c.toString()));
        top.get("results").forEach(r -> assertTrue(r.get("causes").size() <= 1));
    }

    @Test
    void aReportToAFileLeavesOneSummaryLineOnStderrAndQuietLeavesNone() throws IOException {
        Path c = consoles();
        Path out = dir.resolve("report.sarif");
        CliRun r = CliRun.run("analyze", "-f", "sarif", "-o", out.toString(), c.toString());
        assertEquals(ExitCodes.FINDINGS, r.code(), r::toString);
        assertEquals("", r.out());
        String last = r.err().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("crashtriage: 5 inputs analysed, 5 with incidents, "), r::toString);
        assertTrue(last.endsWith("(gate failed); report in " + out), r::toString);
        assertTrue(JSON.readTree(Files.readString(out)).get("runs").get(0).get("results").size() >= 5);
        CliRun quiet = CliRun.run("analyze", "-q", "-f", "sarif", "-o", out.toString(), c.toString());
        assertEquals("", quiet.err(), quiet::toString);
    }

    @Test
    void summaryOnlyPrintsTheGroupsAndNoResult() throws IOException {
        CliRun r = CliRun.run("analyze", "--summary-only", consoles().toString());
        assertFalse(r.out().contains("== "), r::toString);
        assertTrue(r.out().contains("5 inputs analysed, 5 with incidents"), r::toString);
        assertTrue(r.out().contains("Distinct crashes"), r::toString);
    }

    @Test
    void aBaselineMakesKnownFindingsPassAndANewInputFail() throws IOException {
        Path c = consoles();
        Path baseline = dir.resolve("baseline.txt");
        Path g3 = c.resolve("G-3.log");
        Path moved = dir.resolve("G-3.log");
        Files.move(g3, moved);
        CliRun write = CliRun.run("analyze", "--write-baseline", baseline.toString(), c.toString());
        assertEquals(ExitCodes.FINDINGS, write.code(), write::toString);
        String text = Files.readString(baseline, StandardCharsets.UTF_8);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("crash ") && l.contains("BUG: unable to handle kernel paging")),
                "the title stands beside its fingerprint: " + text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("cause nic-tx-timeout ")), text);

        CliRun same = CliRun.run("analyze", "--baseline", baseline.toString(), c.toString());
        assertEquals(ExitCodes.OK, same.code(), "everything known: " + same);

        Files.move(moved, g3);
        CliRun withNew = CliRun.run("analyze", "-f", "json", "--baseline", baseline.toString(), c.toString());
        assertEquals(ExitCodes.FINDINGS, withNew.code(), "G-3's soft lockup is new");
        JsonNode doc = json(withNew);
        doc.get("results").forEach(r -> r.get("causes").forEach(cause -> assertEquals(
                !r.get("source").asText().endsWith("G-3.log"), cause.get("known").asBoolean(), cause::toString)));
    }

    @Test
    void aBaselineWithAForeignLineIsAConfigError() throws IOException {
        Path baseline = Files.writeString(dir.resolve("b.txt"), "crash 0123456789abcdef  ok\nfingerprint xyz\n");
        CliRun r = CliRun.run("analyze", "--baseline", baseline.toString(), CliRun.resource("logs/G-3.log"));
        assertEquals(ExitCodes.SIGNATURE_ERROR, r.code(), r::toString);
        assertTrue(r.err().contains("b.txt:2: not a baseline entry"), r::toString);
    }

    @Test
    void theConfigFileSetsDefaultsTheCommandLineWinsAndUnknownKeysAreExit3() throws IOException {
        Path c = consoles();
        Path cfg = Files.writeString(dir.resolve("ci.yml"), "format: json\nfail-on: never\ninclude: ['A-*', 'B-*']\n");
        CliRun r = CliRun.run("analyze", "--config", cfg.toString(), c.toString());
        assertEquals(ExitCodes.OK, r.code(), r::toString);
        assertEquals(List.of("A-2.log", "B-4.log"), sources(json(r)));
        CliRun override = CliRun.run("analyze", "--config", cfg.toString(), "--fail-on", "incident", c.toString());
        assertEquals(ExitCodes.FINDINGS, override.code(), override::toString);

        Path typo = Files.writeString(dir.resolve("typo.yml"), "fail_on: high\n");
        CliRun bad = CliRun.run("analyze", "--config", typo.toString(), c.toString());
        assertEquals(ExitCodes.SIGNATURE_ERROR, bad.code(), bad::toString);
        assertEquals("crashtriage: " + typo + ": unknown key 'fail_on' (known: format, input-format, fail-on, "
                + "min-confidence, signature, exclude-signature, include, exclude, top, jobs, allow-empty, summary-only, "
                + "quiet, signatures, baseline)", bad.err().strip());
        Path wrongType = Files.writeString(dir.resolve("type.yml"), "top: many\n");
        assertEquals(ExitCodes.SIGNATURE_ERROR, CliRun.run("analyze", "--config", wrongType.toString(), c.toString()).code());
    }

    @Test
    void aRunThatCannotStartStillWritesAReportSayingWhy() throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.yml"), "fail_on: high\n");
        Path out = dir.resolve("r.sarif");
        CliRun r = CliRun.run("analyze", "--config", typo.toString(), "-f", "sarif", "-o", out.toString(),
                CliRun.resource("logs/G-3.log"));
        assertEquals(ExitCodes.SIGNATURE_ERROR, r.code(), r::toString);
        JsonNode invocation = JSON.readTree(Files.readString(out)).get("runs").get(0).get("invocations").get(0);
        assertFalse(invocation.get("executionSuccessful").asBoolean());
        assertTrue(invocation.get("toolExecutionNotifications").get(0).get("message").get("text").asText()
                .contains("unknown key 'fail_on'"), invocation::toString);
    }

    @Test
    void everyFormatRunsFromTheCommandLine() throws IOException {
        Path c = consoles();
        for (String f : dev.crashtriage.render.RendererRegistry.names()) {
            CliRun r = CliRun.withStdin(null, Map.of(), "analyze", "-f", f, c.toString());
            assertEquals(ExitCodes.FINDINGS, r.code(), f + ": " + r);
            assertFalse(r.out().isBlank(), f);
        }
    }
}
