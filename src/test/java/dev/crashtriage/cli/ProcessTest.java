package dev.crashtriage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real process: a reader that goes away, and Ctrl-C. Only a real JVM has pipes and signals. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ProcessTest {
    private static final String LOG = Paths.get("src/test/resources/logs/G-3.log").toAbsolutePath().toString();

    private static ProcessBuilder crashtriage(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    @Test
    void aReaderThatGoesAwayEndsTheRunQuietly(@TempDir Path tmp) throws Exception {
        List<String> args = new ArrayList<>(List.of("analyze"));
        for (int i = 0; i < 3000; i++) {
            args.add(LOG);
        }
        Path errFile = tmp.resolve("err");
        Process p = crashtriage(args.toArray(String[]::new)).redirectError(errFile.toFile()).start();
        p.getOutputStream().close();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertTrue(r.readLine().startsWith("== "), "the first line arrives");
        } // like `| head -1`: the pipe is closed while crashtriage still has 2999 results to write
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stops instead of analysing for nobody");
        String err = Files.readString(errFile);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
        assertTrue(ExitCodes.DOCUMENTED.contains(p.exitValue()), "exit " + p.exitValue());
    }

    @Test
    void ctrlCExits130AndEndsTheReportFileAsPartial(@TempDir Path tmp) throws Exception {
        Path report = tmp.resolve("report.json");
        Path errFile = tmp.resolve("err");
        // after the file, "-" waits on a stdin that never ends: Ctrl-C comes while that is read
        Process p = crashtriage("analyze", "--format", "json", "-o", report.toString(), LOG, "-")
                .redirectError(errFile.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(report) && Files.readString(report).contains("G-3.log"))) {
            assertTrue(System.nanoTime() < deadline, "the first result reaches the file before the run ends");
            Thread.sleep(50);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(ExitCodes.INTERRUPTED, p.exitValue(), () -> readQuietly(errFile));
        JsonNode doc = new ObjectMapper().readTree(report.toFile());
        assertTrue(doc.get("interrupted").asBoolean());
        assertEquals(1, doc.get("results").size());
        String err = readQuietly(errFile);
        assertTrue(err.contains("crashtriage: interrupted"), err);
        assertFalse(err.contains("\tat "), err);
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
