package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The four evaluation numbers over the whole shared syzkaller corpus, held at their targets. Runs
 * only where ../shared/corpus/syzkaller exists: the build never depends on it.
 */
class SyzkallerEvalTest {
    private static final Path CORPUS = Path.of("../shared/corpus/syzkaller/report");

    static boolean corpusPresent() {
        return Files.isDirectory(CORPUS);
    }

    @Test
    @EnabledIf("corpusPresent")
    void meetsTargets() throws IOException {
        SyzkallerEval.Score s = SyzkallerEval.evaluate(CORPUS, null);
        String summary = s.summary();
        assertTrue(s.pct(s.detected(), s.crashFiles()) >= 99.0, summary);
        assertTrue(s.pct(s.classAgree(), s.crashFiles()) >= 95.0, summary);
        assertTrue(s.pct(s.exactAgree(), s.crashFiles()) >= 85.0, summary);
        assertTrue(s.pct(s.cleanNegatives(), s.cleanFiles()) >= 95.0, summary);
    }
}
