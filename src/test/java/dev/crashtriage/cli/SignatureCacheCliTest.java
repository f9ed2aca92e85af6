package dev.crashtriage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code analyze --signatures DIR} keeps the folder's parsed YAML in the user's cache directory, and a run that
 * reads it reports exactly what a run that parses does, broken files included.
 */
class SignatureCacheCliTest {

    private static long cacheFiles(Path cacheDir) throws IOException {
        if (!Files.isDirectory(cacheDir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(cacheDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("signatures-")).count();
        }
    }

    @Test
    void aSecondRunFromTheCacheReportsWhatTheFirstDid(@TempDir Path tmp) throws IOException {
        Path sigs = tmp.resolve("sigs");
        Files.createDirectories(sigs);
        // the shipped NIC TX timeout signature under the user's own id, and a constructed half-written file
        Files.writeString(sigs.resolve("our-tg3.yml"), Files.readString(Path.of("signatures/net/nic-tx-timeout.yml"))
                .replaceFirst("(?m)^id: .*$", "id: our-tg3"));
        Files.writeString(sigs.resolve("half-written.yml"), "id: half-written\ntitle: [unclosed\n");
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        String[] args = {"analyze", "--color=never", "--keep-going", "--signatures", sigs.toString(),
            "examples/tg3-transmit-timeout.log"};

        CliRun parsed = CliRun.withStdin(null, Map.of("CRASHTRIAGE_SIGNATURE_CACHE", "0", "HOME", home.toString()), args);
        assertEquals(0, cacheFiles(home.resolve(".cache/crashtriage")), "CRASHTRIAGE_SIGNATURE_CACHE=0 writes nothing");

        CliRun first = CliRun.withStdin(null, Map.of("HOME", home.toString()), args);
        assertEquals(1, cacheFiles(home.resolve(".cache/crashtriage")));
        CliRun second = CliRun.withStdin(null, Map.of("HOME", home.toString()), args);
        assertTrue(parsed.out().contains("our-tg3"), parsed.toString());
        assertTrue(parsed.err().contains(sigs.resolve("half-written.yml") + ":2:"), parsed.toString());
        for (CliRun r : new CliRun[] {first, second}) {
            assertEquals(parsed.code(), r.code());
            assertEquals(parsed.out(), r.out());
            assertEquals(parsed.err(), r.err());
        }

        Path xdg = tmp.resolve("xdg");
        CliRun underXdg = CliRun.withStdin(null, Map.of("HOME", home.toString(), "XDG_CACHE_HOME", xdg.toString()), args);
        assertEquals(parsed.out(), underXdg.out());
        assertEquals(1, cacheFiles(xdg.resolve("crashtriage")), "XDG_CACHE_HOME comes before ~/.cache");
    }
}
