package dev.crashtriage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command-line contract: help, version, usage errors, exit codes, --fail-on, the ToolProvider. */
class CommandLineTest {
    private static final String PANIC_LOG = CliRun.resource("logs/G-3.log");

    @Test
    void versionPrintsTheToolNameAndVersion() {
        CliRun r = CliRun.run("--version");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("crashtriage "), r::toString);
    }

    /** Every command and sub-command there is, including ones added later, as its argument list. */
    static Stream<List<String>> everyCommand() {
        List<List<String>> all = new ArrayList<>();
        collect(CommandLineFactory.create(new Env(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                InputStream.nullInputStream(), Map.of(), true, false)), new ArrayList<>(), all);
        return all.stream();
    }

    private static void collect(CommandLine cmd, List<String> path, List<List<String>> all) {
        all.add(path);
        for (Map.Entry<String, CommandLine> e : cmd.getSubcommands().entrySet()) {
            if (e.getValue().getCommandName().equals(e.getKey())) {
                List<String> sub = new ArrayList<>(path);
                sub.add(e.getKey());
                collect(e.getValue(), sub, all);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("everyCommand")
    void everyCommandsHelpDocumentsEveryExitCode(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        CliRun r = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Exit codes:"), r::toString);
        for (int code : ExitCodes.DOCUMENTED) {
            assertTrue(r.out().matches("(?s).*\\n  " + code + " +\\S.*"), () -> "code " + code + " missing:\n" + r.out());
        }
    }

    @Test
    void unknownOptionIsOneErrorLinePlusAHintAndExit2() {
        CliRun r = CliRun.run("analyze", "--no-such-option", PANIC_LOG);
        assertEquals(ExitCodes.USAGE, r.code(), r::toString);
        String[] lines = r.err().split("\n");
        assertEquals("crashtriage: Unknown option: '--no-such-option'", lines[0]);
        assertTrue(lines[lines.length - 1].startsWith("Try 'crashtriage analyze --help'"), r::toString);
        assertEquals("", r.out());
    }

    @Test
    void missingCommandIsAUsageError() {
        CliRun r = CliRun.run();
        assertEquals(ExitCodes.USAGE, r.code(), r::toString);
        assertTrue(r.err().startsWith("crashtriage: missing command"), r::toString);
    }

    @Test
    void noPathOnATerminalIsAUsageErrorNotAHang() {
        CliRun r = CliRun.run("analyze");
        assertEquals(ExitCodes.USAGE, r.code(), r::toString);
        assertTrue(r.err().startsWith("crashtriage: no input"), r::toString);
    }

    @Test
    void unknownOutputAndInputFormatsAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, CliRun.run("analyze", "--format", "yaml", PANIC_LOG).code());
        assertEquals(ExitCodes.USAGE, CliRun.run("analyze", "--input-format", "klingon", PANIC_LOG).code());
        assertEquals(ExitCodes.USAGE, CliRun.run("analyze", "--fail-on", "severe", PANIC_LOG).code());
        assertEquals(ExitCodes.USAGE, CliRun.run("analyze", "--color", "sometimes", PANIC_LOG).code());
    }

    @Test
    void aLogWithACrashExits1AndFailOnNoneExits0() {
        // G-3 ends in "Kernel panic - not syncing: softlockup: hung tasks"
        CliRun found = CliRun.run("analyze", PANIC_LOG);
        assertEquals(ExitCodes.FINDINGS, found.code(), found::toString);
        CliRun none = CliRun.run("analyze", "--fail-on", "none", PANIC_LOG);
        assertEquals(ExitCodes.OK, none.code(), none::toString);
        assertEquals(found.out(), none.out(), "--fail-on changes the exit code, not the report");
    }

    @Test
    void stdinIsReadWhenNoPathIsGivenAndStdinIsAPipe() {
        String log = "[ 1376.364204] Kernel panic - not syncing: softlockup: hung tasks\n";
        CliRun r = CliRun.withStdin(log, Map.of(), "analyze", "--format", "json");
        assertEquals(ExitCodes.FINDINGS, r.code(), r::toString);
        assertTrue(r.out().contains("\"source\" : \"-\""), r::toString);
    }

    @Test
    void aMissingInputIsExit4AndTheOthersAreStillReported() {
        CliRun r = CliRun.run("analyze", "--format", "json", "no/such/file.log", PANIC_LOG);
        assertEquals(ExitCodes.INPUT_ERROR, r.code(), r::toString);
        assertTrue(r.err().contains("crashtriage: no/such/file.log: "), r::toString);
        assertTrue(r.out().contains("G-3.log"), r::toString);
    }

    @Test
    void anEmptyLogIsAnInputErrorNotNothingFound() throws Exception {
        java.nio.file.Path empty = java.nio.file.Files.createTempFile("crashtriage-empty", ".log");
        try {
            // issue 11: an empty capture used to pass the gate with "no kernel incidents found"
            CliRun r = CliRun.run("analyze", empty.toString());
            assertEquals(ExitCodes.INPUT_ERROR, r.code(), r::toString);
            assertFalse(r.out().contains("no kernel incidents found"), r::toString);
        } finally {
            java.nio.file.Files.delete(empty);
        }
    }

    @Test
    void generateCompletionPrintsABashScript() {
        CliRun r = CliRun.run("generate-completion");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("#!/usr/bin/env bash"), r::toString);
        assertTrue(r.out().contains("analyze"), "completes sub-commands");
    }

    @Test
    void stacktraceIsAGlobalOptionAcceptedEverywhere() {
        assertEquals(ExitCodes.FINDINGS, CliRun.run("--stacktrace", "analyze", PANIC_LOG).code());
        assertEquals(ExitCodes.FINDINGS, CliRun.run("analyze", "--stacktrace", PANIC_LOG).code());
    }

    @Test
    void toolProviderRunsTheSameCommandLine() {
        Optional<ToolProvider> tool = ToolProvider.findFirst("crashtriage");
        assertTrue(tool.isPresent(), "registered in META-INF/services");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = tool.get().run(new PrintWriter(out), new PrintWriter(err), "analyze", "--format", "json", PANIC_LOG);
        assertEquals(ExitCodes.FINDINGS, code, err::toString);
        assertTrue(out.toString().startsWith("{"), out::toString);
        assertFalse(out.toString().contains("\u001b["), "no colour without a terminal");
    }

    @Test
    void outputFileGetsTheWholeReportAndStdoutStaysEmpty(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path report = tmp.resolve("report.json");
        CliRun r = CliRun.run("analyze", "--format", "json", "-o", report.toString(), PANIC_LOG);
        assertEquals(ExitCodes.FINDINGS, r.code(), r::toString);
        assertEquals("", r.out());
        var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        assertFalse(doc.get("interrupted").asBoolean());
        assertEquals(1, doc.get("summary").get("results").asInt());
    }

    @Test
    void anOutputFileThatCannotBeCreatedIsExit4(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        CliRun r = CliRun.run("analyze", "-o", tmp.resolve("no/such/dir/report.txt").toString(), PANIC_LOG);
        assertEquals(ExitCodes.INPUT_ERROR, r.code(), r::toString);
        assertTrue(r.err().startsWith("crashtriage: cannot write the report to "), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
    }
}
