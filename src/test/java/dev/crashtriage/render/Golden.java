package dev.crashtriage.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compares output with a golden file under src/test/resources/golden/, exactly.
 * {@code ./mvnw test -Dtest='*GoldenTest' -Dgolden.update=true} rewrites the files instead; review
 * the diff before committing it.
 */
final class Golden {
    static final Path DIR = Path.of("src/test/resources/golden");

    private Golden() {
    }

    static void assertMatches(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        String expected = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "<no golden file " + file
                + ": run with -Dgolden.update=true>";
        assertEquals(expected, actual, "output differs from " + file + " (regenerate with -Dgolden.update=true)");
    }
}
