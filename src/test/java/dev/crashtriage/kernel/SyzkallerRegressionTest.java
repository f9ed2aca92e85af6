package dev.crashtriage.kernel;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact syzkaller titles on a subset of syzkaller's annotated logs copied into test resources
 * (see src/test/resources/syzkaller/README.md): the first crash report must get the TITLE or one of
 * the ALT titles, and logs without a TITLE must give no crash report.
 */
class SyzkallerRegressionTest {

    @TestFactory
    Stream<DynamicTest> titlesMatchSyzkaller() throws IOException, URISyntaxException {
        Path dir = Path.of(SyzkallerRegressionTest.class.getResource("/syzkaller/README.md").toURI()).getParent();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".log")).sorted().forEach(files::add);
        }
        assertTrue(files.size() >= 80, "subset present");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            SyzkallerLog log = SyzkallerLog.read(f);
            List<IncidentBuilder> found = log.crashReports();
            if (log.title() == null) {
                assertTrue(found.isEmpty(), () -> "no crash expected, got " + found.get(0).title);
                return;
            }
            assertFalse(found.isEmpty(), () -> "no crash report found, want " + log.title());
            List<String> want = new ArrayList<>(log.alts());
            want.add(0, log.title());
            IncidentBuilder first = found.get(0);
            String got = first.title;
            assertTrue(want.contains(got), () -> "want " + want + " got " + got);
            assertEquals(log.corrupted(), first.corrupted, () -> "CORRUPTED: " + first.corruptedReason);
            if (log.type() != null) {
                assertTrue(SyzkallerTypes.agrees(log.type(), got), () -> "TYPE " + log.type() + " for " + got);
            }
            if (log.frame() != null) {
                assertEquals(log.frame(), first.guiltyFrame == null ? "corrupted" : first.guiltyFrame, "FRAME");
            }
        }));
    }
}
