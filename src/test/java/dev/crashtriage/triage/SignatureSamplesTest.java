package dev.crashtriage.triage;

import dev.crashtriage.signature.Signature;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureException;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every sample of every signature in the repo's {@code signatures/} folder (and the engine's
 * own fixtures), so a new signature needs no Java: one dynamic test per sample, plus one per
 * signature for the sample count and one for the catalogue's load errors.
 */
class SignatureSamplesTest {

    static List<Path> roots() {
        List<Path> roots = new ArrayList<>();
        Path repo = Path.of("signatures");
        if (Files.isDirectory(repo)) {
            roots.add(repo);
        }
        roots.add(Path.of("src/test/resources/signatures-fixture"));
        return roots;
    }

    @TestFactory
    List<DynamicNode> everySampleOfEverySignature() {
        List<DynamicNode> nodes = new ArrayList<>();
        SampleRunner runner = new SampleRunner();
        for (Path root : roots()) {
            SignatureCatalog catalog = SignatureCatalog.loadOnly(root);
            nodes.add(DynamicTest.dynamicTest(root + " loads without errors", () -> assertEquals(List.of(),
                    catalog.errors().stream().map(SignatureException::getMessage).toList())));
            for (Signature s : catalog.signatures()) {
                List<DynamicNode> perSample = new ArrayList<>();
                for (SampleRunner.Result r : runner.run(s)) {
                    perSample.add(DynamicTest.dynamicTest(r.sample(),
                            () -> assertTrue(r.passed(), s.id() + " " + r.sample() + ": " + r.detail())));
                }
                nodes.add(DynamicContainer.dynamicContainer(s.id(), perSample));
            }
        }
        return nodes;
    }
}
