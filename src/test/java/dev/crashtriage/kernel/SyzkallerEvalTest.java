package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The evaluation numbers over the whole shared syzkaller corpus, held at their targets. Runs
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
        // Issue 9's targets: detection >= 99.5%, header >= 99%, exact title >= 93%, clean negatives 100%.
        assertTrue(s.pct(s.detected(), s.crashFiles()) >= 99.5, summary);
        assertTrue(s.pct(s.classAgree(), s.crashFiles()) >= 99.0, summary);
        assertTrue(s.pct(s.exactAgree(), s.crashFiles()) >= 93.0, summary);
        assertEquals(s.cleanFiles(), s.cleanNegatives(), summary);
        // Where the files carry them, as syzkaller's own report tests do: CORRUPTED, TYPE and FRAME.
        assertTrue(s.pct(s.corruptedAgree(), s.corruptedFiles()) >= 94.0, summary);
        assertTrue(s.pct(s.typeAgree(), s.typedFiles()) >= 99.0, summary);
        assertTrue(s.frameAgree() >= 5, summary);
    }
}
