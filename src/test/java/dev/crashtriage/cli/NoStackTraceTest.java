package dev.crashtriage.cli;

import dev.crashtriage.render.RendererRegistry;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No input in the test suite makes the CLI print a Java stack trace or exit with an undocumented
 * code: every test resource, plus generated hostile inputs, through every output format.
 */
class NoStackTraceTest {
    @TempDir
    static Path tmp;

    @TestFactory
    Stream<DynamicTest> everyInputInEveryFormat() throws IOException {
        List<Path> inputs = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(Path.of("src/test/resources"))) {
            walk.filter(Files::isRegularFile).sorted().forEach(inputs::add);
        }
        inputs.addAll(hostileInputs());
        inputs.add(tmp.resolve("does-not-exist.log"));
        inputs.add(Path.of("src/test/resources/logs"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Path input : inputs) {
            for (String format : RendererRegistry.names()) {
                tests.add(DynamicTest.dynamicTest(format + " " + input, () -> check("analyze", "--format", format,
                        input.toString())));
            }
        }
        return tests.stream();
    }

    private static void check(String... args) {
        CliRun r = CliRun.run(args);
        assertTrue(ExitCodes.DOCUMENTED.contains(r.code()), () -> "undocumented exit code: " + r);
        assertTrue(r.code() != ExitCodes.INTERNAL, r::toString);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r::toString);
        assertFalse(r.err().lines().anyMatch(l -> !l.startsWith("crashtriage: ") && !l.startsWith("Try ")
                && !l.startsWith("Did you mean")), () -> "every stderr line is one of ours: " + r);
    }

    private static List<Path> hostileInputs() throws IOException {
        List<Path> files = new ArrayList<>();
        Random random = new Random(20261122);
        byte[] noise = new byte[256 * 1024];
        random.nextBytes(noise);
        files.add(Files.write(tmp.resolve("random.bin"), noise));
        files.add(Files.write(tmp.resolve("empty.log"), new byte[0]));
        byte[] log = Files.readAllBytes(Path.of("src/test/resources/logs/A-2.log"));
        files.add(Files.write(tmp.resolve("utf16.log"), new String(log, StandardCharsets.UTF_8)
                .getBytes(StandardCharsets.UTF_16)));
        byte[] nul = log.clone();
        for (int i = 0; i < nul.length; i += 7) {
            nul[i] = 0;
        }
        files.add(Files.write(tmp.resolve("nul.log"), nul));
        byte[] badUtf8 = log.clone();
        for (int i = 3; i < badUtf8.length; i += 11) {
            badUtf8[i] = (byte) (0x80 | (i & 0x7f));
        }
        files.add(Files.write(tmp.resolve("bad-utf8.log"), badUtf8));
        byte[] gz = Files.readAllBytes(Path.of("src/test/resources/logs/F-3.log.gz"));
        files.add(Files.write(tmp.resolve("truncated.log.gz"), Arrays.copyOf(gz, gz.length / 2)));
        byte[] corrupt = gz.clone();
        for (int i = 20; i < corrupt.length; i += 13) {
            corrupt[i] ^= 0x5a;
        }
        files.add(Files.write(tmp.resolve("corrupt.log.gz"), corrupt));
        files.add(Files.write(tmp.resolve("xz-magic-only.log.xz"), new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}));
        files.add(Files.writeString(tmp.resolve("long-line.log"), "[    1.000000] " + "A".repeat(3_000_000)
                + "\n[    2.000000] BUG: unable to handle kernel NULL pointer dereference at 0000000000000008\n"));
        return files;
    }
}
