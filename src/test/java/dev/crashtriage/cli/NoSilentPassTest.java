package dev.crashtriage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gate that is fed nothing must not pass: each way a capture can hold no kernel log is an input
 * error with one line saying which, exit 4, and the report is still written.
 */
class NoSilentPassTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private Path file(String name, String content) throws IOException {
        return file(name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void assertNoKernelLog(CliRun r, String expected) {
        assertEquals(ExitCodes.INPUT_ERROR, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().contains(expected), r::toString);
        assertFalse(r.out().contains("no kernel incidents found"), r::toString);
    }

    @Test
    void emptyStdin() {
        assertNoKernelLog(CliRun.withStdin("", Map.of(), "analyze"), "-: empty input (0 bytes)");
    }

    @Test
    void dmesgDeniedByDmesgRestrict() throws IOException {
        Path p = file("dmesg.txt", "dmesg: read kernel buffer failed: Operation not permitted\n");
        assertNoKernelLog(CliRun.run("analyze", p.toString()), "kernel.dmesg_restrict=1");
    }

    @Test
    void journalctlWithNoEntries() throws IOException {
        Path p = file("journal.txt", "-- No entries --\n");
        assertNoKernelLog(CliRun.run("analyze", p.toString()), "-- No entries --");
    }

    @Test
    void binaryFile() throws IOException {
        byte[] elf = new byte[4096];
        new java.util.Random(7).nextBytes(elf);
        elf[0] = 0x7f;
        elf[1] = 'E';
        elf[2] = 'L';
        elf[3] = 'F';
        assertNoKernelLog(CliRun.run("analyze", file("vmlinux.log", elf).toString()), "binary data, not a text log");
    }

    @Test
    void prose() throws IOException {
        Path p = file("notes.log", "Call the vendor on Monday.\nThe box was rebooted by hand.\n");
        assertNoKernelLog(CliRun.run("analyze", p.toString()), "not recognised as a kernel log");
    }

    @Test
    void syslogWithoutKernelLines() throws IOException {
        Path p = file("auth.log", "Mar  9 16:17:38 mail2 sshd[123]: Accepted publickey for root from 10.0.0.1\n"
                + "Mar  9 16:17:39 mail2 CRON[124]: pam_unix(cron:session): session opened for user root\n");
        assertNoKernelLog(CliRun.run("analyze", p.toString()), "no kernel messages: 2 syslog records");
    }

    @Test
    void emptyDirectory() throws IOException {
        Path d = Files.createDirectory(dir.resolve("consoles"));
        assertNoKernelLog(CliRun.run("analyze", d.toString()), "directory holds no file to analyse");
    }

    @Test
    void theOtherInputsAreStillAnalysedAndTheReportWritten() throws IOException {
        Path empty = file("empty.log", new byte[0]);
        CliRun r = CliRun.run("analyze", "-f", "json", empty.toString(), CliRun.resource("logs/G-3.log"));
        assertEquals(ExitCodes.INPUT_ERROR, r.code(), r::toString);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(1, doc.get("results").size(), "only G-3 has a result");
        JsonNode error = doc.get("errors").get(0);
        assertEquals("no_kernel_log", error.get("kind").asText());
        assertTrue(error.get("fatal").asBoolean());
    }

    @Test
    void allowEmptyMakesItANote() throws IOException {
        Path empty = file("empty.log", new byte[0]);
        CliRun r = CliRun.run("analyze", "--allow-empty", "--fail-on", "none", empty.toString());
        assertEquals(ExitCodes.OK, r.code(), r::toString);
        assertTrue(r.out().contains("input warning: " + empty + ": empty input"), r::toString);
    }

    @Test
    void aForcedInputFormatThatFitsNoLineSaysSo() {
        CliRun r = CliRun.run("analyze", "--input-format", "dmesg", "--fail-on", "none", CliRun.resource("logs/B-4.log"));
        assertEquals(ExitCodes.INPUT_ERROR, r.code(), r::toString);
        assertTrue(r.err().contains("--input-format dmesg does not fit this input: only 0 of "), r::toString);
        assertTrue(r.err().contains("it reads as syslog"), r::toString);
        assertTrue(r.out().contains("== " + CliRun.resource("logs/B-4.log")), "still analysed and reported");
    }

    @Test
    void aForcedInputFormatThatFitsIsQuiet() {
        CliRun r = CliRun.run("analyze", "--input-format", "dmesg", "--fail-on", "none", CliRun.resource("logs/G-3.log"));
        assertEquals(ExitCodes.OK, r.code(), r::toString);
        assertEquals("", r.err());
    }

    @Test
    void dmesgJsonIsAnalysedAsTheSoftLockupItHolds() {
        CliRun r = CliRun.run("analyze", "--fail-on", "incident", CliRun.resource("input/dmesg-json-G-3.json"));
        assertEquals(ExitCodes.FINDINGS, r.code(), r::toString);
        assertTrue(r.out().contains("format dmesg-json"), r::toString);
        assertTrue(r.out().contains("soft lockup"), r::toString);
    }
}
