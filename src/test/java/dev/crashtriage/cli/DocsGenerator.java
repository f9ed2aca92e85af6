package dev.crashtriage.cli;

import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Build step (run by the pom at package time, from the test classpath where picocli-codegen is):
 * writes the man pages' AsciiDoc sources for every command with picocli-codegen, and the bash, zsh
 * and fish completion scripts, from the same command line the tool runs. Asciidoctor turns the
 * AsciiDoc into man pages; the assembly puts both in the archives.
 *
 * <p>Arguments: the AsciiDoc output directory, the completion output directory.
 */
public final class DocsGenerator {
    private DocsGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path adoc = Path.of(args[0]);
        Path completion = Path.of(args[1]);
        Files.createDirectories(adoc);
        Files.createDirectories(completion);
        // built-in signatures only: what a user's own directories hold is no part of the release
        Env env = new Env(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                new ByteArrayInputStream(new byte[0]), Map.of(), true, false);
        CommandLine cmd = CommandLineFactory.create(env);
        int rc = ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], true, cmd.getCommandSpec());
        if (rc != 0) {
            throw new IOException("man page generation failed: " + rc);
        }
        for (String shell : new String[] {"bash", "zsh", "fish"}) {
            StringWriter out = new StringWriter();
            Env e = new Env(new PrintWriter(out), new PrintWriter(new StringWriter()),
                    new ByteArrayInputStream(new byte[0]), Map.of(), true, false);
            if (CommandLineFactory.run(e, "completion", shell) != 0) {
                throw new IOException("completion script for " + shell + " failed");
            }
            String name = switch (shell) {
                case "bash" -> "crashtriage.bash";
                case "zsh" -> "_crashtriage";
                default -> "crashtriage.fish";
            };
            Files.writeString(completion.resolve(name), out.toString(), StandardCharsets.UTF_8);
        }
    }
}
