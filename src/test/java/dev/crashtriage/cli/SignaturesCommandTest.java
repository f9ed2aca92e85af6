package dev.crashtriage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signature commands and analyze's catalogue options, end to end through the command line. */
class SignaturesCommandTest {
    static final Path FIXTURES = Path.of("src/test/resources/signatures-fixture");
    static final Path TG3 = FIXTURES.resolve("net/fixture-tg3-tx-timeout.yml");

    @TempDir
    Path home;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final Map<String, String> environment = new HashMap<>();

    int run(String... args) {
        environment.putIfAbsent("HOME", home.toString());
        Env env = new Env(new PrintWriter(out), new PrintWriter(err), new ByteArrayInputStream(new byte[0]), environment, true, false);
        return CommandLineFactory.run(env, args);
    }

    Path broken(Path dir) throws IOException {
        Path f = dir.resolve("broken-one.yml");
        Files.writeString(f, Files.readString(TG3).replace("id: fixture-tg3-tx-timeout", "id: broken-one")
                .replace("  base: 0.5", "  base: 0.5\n  bsae: 0.1"));
        return f;
    }

    @Test
    void lintPassesOnGoodSignatures() {
        assertEquals(0, run("signatures", "lint", FIXTURES.toString()));
        assertTrue(out.toString().contains("3 signature(s) loaded, 0 error(s)"), out::toString);
    }

    @Test
    void lintReportsFileLineColumnAndExits3(@TempDir Path dir) throws IOException {
        Path f = broken(dir);
        assertEquals(3, run("signatures", "lint", dir.toString()));
        assertTrue(out.toString().contains(f + ":22:3: unknown key 'bsae' in confidence"), out::toString);
    }

    @Test
    void testRunsEverySampleAndReportsEach() {
        assertEquals(0, run("signatures", "test", FIXTURES.toString()));
        String o = out.toString();
        assertTrue(o.contains("PASS fixture-tg3-tx-timeout positive-1.log"), o);
        assertTrue(o.contains("PASS fixture-ata-media-error negative-2.log"), o);
        assertTrue(o.contains("12 passed, 0 failed"), o);
    }

    @Test
    void testFailsWhenANegativeSampleMatches(@TempDir Path dir) throws IOException {
        Path sig = dir.resolve("net/fixture-tg3-tx-timeout.yml");
        Path samples = dir.resolve("net/fixture-tg3-tx-timeout");
        Files.createDirectories(samples);
        Files.copy(TG3, sig);
        Path src = FIXTURES.resolve("net/fixture-tg3-tx-timeout");
        for (String n : new String[] {"positive-1.log", "positive-2.log", "negative-1.log"}) {
            Files.copy(src.resolve(n), samples.resolve(n));
        }
        // a "negative" sample that is in truth the positive one: the runner must catch it
        Files.writeString(samples.resolve("negative-2.log"), Files.readString(src.resolve("positive-1.log")).replace("  <<< evidence", ""));
        assertEquals(3, run("signatures", "test", dir.toString()));
        assertTrue(out.toString().contains("FAIL fixture-tg3-tx-timeout negative-2.log: matched"), out::toString);
    }

    @Test
    void listMarksUserSignaturesFromAllThreePlaces(@TempDir Path viaFlag, @TempDir Path viaEnv) throws IOException {
        Files.writeString(viaFlag.resolve("flag-one.yml"), Files.readString(TG3).replace("id: fixture-tg3-tx-timeout", "id: flag-one"));
        Files.writeString(viaEnv.resolve("env-one.yml"), Files.readString(TG3).replace("id: fixture-tg3-tx-timeout", "id: env-one"));
        Path cfg = home.resolve(".config/crashtriage/signatures");
        Files.createDirectories(cfg);
        Files.writeString(cfg.resolve("home-one.yml"), Files.readString(TG3).replace("id: fixture-tg3-tx-timeout", "id: home-one"));
        environment.put("CRASHTRIAGE_SIGNATURES", viaEnv.toString());
        assertEquals(0, run("signatures", "list", "--signatures", viaFlag.toString()));
        String o = out.toString();
        for (String id : new String[] {"flag-one", "env-one", "home-one"}) {
            assertTrue(o.lines().anyMatch(l -> l.startsWith(id + " ") && l.contains("[user: ")), o);
        }
    }

    @Test
    void explainIsAnAliasOfShow() {
        assertEquals(0, run("explain", "fixture-ata-media-error", "--signatures", FIXTURES.toString()));
        String explained = out.toString();
        out.getBuffer().setLength(0);
        assertEquals(0, run("signatures", "show", "fixture-ata-media-error", "--signatures", FIXTURES.toString()));
        assertEquals(explained, out.toString());
        assertTrue(explained.startsWith("fixture-ata-media-error: Disk media error reported by the ATA layer"), explained);
        assertTrue(explained.contains("matches when: unc"), explained);
        assertTrue(explained.contains("+0.20 when medium_error: SCSI sense data saying Medium Error"), explained);
    }

    @Test
    void showOfAnUnknownIdIsAUsageError() {
        assertEquals(2, run("signatures", "show", "no-such-cause"));
        assertTrue(err.toString().contains("no signature 'no-such-cause'"), err::toString);
    }

    @Test
    void aUserSignatureInTheLegacyScopeFormatIsRefusedWithTheWayToTheIncidentBoundForm(@TempDir Path dir, @TempDir Path logs)
            throws IOException {
        Path f = dir.resolve("legacy-one.yml");
        // the shape every signature had before the incident-bound format: lines matched anywhere in the stream
        Files.writeString(f, String.join("\n", "id: legacy-one", "title: tg3 stopped transmitting", "severity: medium",
                "area: net", "description: d", "match:", "  scope: host", "  selections:",
                "    tx: {lines: ['tg3: \\S+: transmit timed out']}", "  condition: tx", "confidence: {base: 0.5}",
                "remediation: {steps: [x]}", "references: [r]", ""));
        Path log = logs.resolve("b4.log");
        Files.copy(Path.of("src/test/resources/engine/tg3-timeout-B-4.log"), log);
        assertEquals(3, run("analyze", "--signatures", dir.toString(), log.toString()));
        assertTrue(err.toString().contains("crashtriage: " + f + ":7:10: match.scope is no longer supported"), err::toString);
        assertTrue(err.toString().contains("'explains:'") && err.toString().contains("'where:'"), err::toString);
        assertEquals(3, run("signatures", "lint", dir.toString()));
    }

    @Test
    void analyzeStopsWithExit3OnABrokenSignatureUnlessKeepGoing(@TempDir Path dir, @TempDir Path logs) throws IOException {
        Path f = broken(dir);
        Files.copy(FIXTURES.resolve("net/fixture-tg3-tx-timeout.yml"), dir.resolve("fixture-tg3-tx-timeout.yml"));
        Path log = logs.resolve("b4.log");
        Files.copy(Path.of("src/test/resources/engine/tg3-timeout-B-4.log"), log);
        assertEquals(3, run("analyze", "--signatures", dir.toString(), log.toString()));
        assertTrue(err.toString().contains("crashtriage: " + f + ":22:3: unknown key 'bsae'"), err::toString);
        assertFalse(out.toString().contains("fixture-tg3-tx-timeout"));

        err.getBuffer().setLength(0);
        int code = run("analyze", "--keep-going", "--format", "json", "--signatures", dir.toString(), log.toString());
        assertEquals(1, code, err::toString);
        assertTrue(err.toString().contains(f + ":22:3: unknown key 'bsae'"), err::toString);
        assertTrue(out.toString().contains("\"signature\" : \"fixture-tg3-tx-timeout\"")
                || out.toString().contains("\"signature\":\"fixture-tg3-tx-timeout\""), out::toString);
    }
}
