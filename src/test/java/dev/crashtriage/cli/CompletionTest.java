package dev.crashtriage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The completion scripts, run in a real bash the way bash runs a completion function on Tab. */
class CompletionTest {
    @TempDir
    Path dir;

    /** What Tab offers after typing {@code words} (the last one is the word being completed). */
    private List<String> complete(String... words) throws IOException, InterruptedException {
        CliRun gen = CliRun.run("completion", "bash");
        assertEquals(0, gen.code(), gen::toString);
        Path script = dir.resolve("crashtriage.bash");
        Files.writeString(script, gen.out());
        StringBuilder arr = new StringBuilder();
        for (String w : words) {
            arr.append(" '").append(w.replace("'", "'\\''")).append('\'');
        }
        String run = "source " + script + "; COMP_WORDS=(" + arr + "); COMP_CWORD=" + (words.length - 1)
                + "; _crashtriage; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process p = new ProcessBuilder("bash", "--norc", "-c", run).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> !l.isEmpty()).sorted().toList();
    }

    @Test
    void subcommandsComplete() throws Exception {
        assertEquals(List.of("signatures"), complete("crashtriage", "sig"));
        assertTrue(complete("crashtriage", "").containsAll(List.of("analyze", "explain", "completion", "help")));
        assertEquals(List.of("lint", "list"), complete("crashtriage", "signatures", "li"));
    }

    @Test
    void enumValuesCompleteInLowerCaseAsTyped() throws Exception {
        List<String> levels = complete("crashtriage", "analyze", "--fail-on", "");
        assertTrue(levels.containsAll(List.of("high", "critical", "none")), levels::toString);
        assertTrue(levels.stream().noneMatch(l -> l.equals(l.toUpperCase(java.util.Locale.ROOT))), levels::toString);
        assertEquals(List.of("never"), complete("crashtriage", "analyze", "--color", "ne"));
    }

    @Test
    void inputAndOutputFormatsComplete() throws Exception {
        List<String> inputs = complete("crashtriage", "analyze", "--input-format", "");
        assertTrue(inputs.containsAll(List.of("dmesg", "journal-json", "syslog")), inputs::toString);
        assertTrue(complete("crashtriage", "analyze", "--format", "").containsAll(List.of("text", "json")));
    }

    @Test
    void logPathsStillComplete() throws Exception {
        Files.createDirectories(dir.resolve("consoles"));
        Files.writeString(dir.resolve("consoles/node1.log"), "x");
        Files.writeString(dir.resolve("consoles/node2.log.gz"), "x");
        assertEquals(List.of("consoles/node1.log", "consoles/node2.log.gz"),
                complete("crashtriage", "analyze", "consoles/no"));
        assertEquals(List.of("consoles/node1.log"), complete("crashtriage", "analyze", "-o", "consoles/node1"));
    }

    @Test
    void explainCompletesSignatureIds() throws Exception {
        List<String> ids = complete("crashtriage", "explain", "tg3");
        assertEquals(List.of("tg3-napi-poll-crash"), ids);
        assertTrue(complete("crashtriage", "signatures", "show", "").contains("hung-task"));
    }

    @Test
    void optionsCompleteAfterADash() throws Exception {
        List<String> opts = complete("crashtriage", "analyze", "--fa");
        assertEquals(List.of("--fail-on"), opts);
    }

    @Test
    void zshAndFishScriptsAreWrittenFromTheSameModel() {
        CliRun zsh = CliRun.run("completion", "zsh");
        assertEquals(0, zsh.code(), zsh::toString);
        assertTrue(zsh.out().startsWith("#compdef crashtriage\n"), zsh::toString);
        assertTrue(zsh.out().contains("bashcompinit") && zsh.out().contains("_crashtriage()"), zsh::toString);

        CliRun fish = CliRun.run("completion", "fish");
        assertEquals(0, fish.code(), fish::toString);
        String f = fish.out();
        assertTrue(f.contains("complete -c crashtriage -n '__fish_seen_subcommand_from analyze; and not __fish_seen_subcommand_from")
                || f.contains("complete -c crashtriage -n '__fish_seen_subcommand_from analyze' -l fail-on"), f);
        assertTrue(f.matches("(?s).*-l fail-on -x -a '[a-z ]*\\bhigh critical\\b[a-z ]*'.*"), f);
        assertTrue(f.contains("-l output -r -F") || f.contains("-s o -l output -r -F"), f);
        assertTrue(f.contains("-a 'signatures'"), f);
        assertFalse(f.contains("HIGH"), "enum values in lower case");
    }

    @Test
    void anUnknownShellIsAUsageError() {
        CliRun r = CliRun.run("completion", "powershell");
        assertEquals(ExitCodes.USAGE, r.code(), r::toString);
        assertTrue(r.err().contains("unknown shell 'powershell'"), r::toString);
    }
}
