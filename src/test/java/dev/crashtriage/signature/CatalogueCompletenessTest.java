package dev.crashtriage.signature;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every built-in signature is earned on samples and says where its facts come from: at least two positive and two
 * negative samples beside it, every sample naming its source ({@code #: source:}), every negative saying what it
 * looks like ({@code #: look-alike:}), every positive marking its evidence, and a description, remediation steps,
 * "to confirm" steps and references. One assertion message lists every gap, so a new signature learns all of them
 * at once.
 */
class CatalogueCompletenessTest {
    static final Path CATALOGUE = Path.of("signatures");

    @Test
    void everySignatureHasSamplesSourcesAndReferences() throws IOException {
        SignatureCatalog c = SignatureCatalog.loadOnly(CATALOGUE);
        assertEquals(List.of(), c.errors());
        assertTrue(c.signatures().size() >= 60, "the catalogue has " + c.signatures().size() + " signatures, the issue asks for 60");
        Set<String> ids = c.signatures().stream().map(Signature::id).collect(Collectors.toSet());
        List<String> gaps = new ArrayList<>();
        for (Signature s : c.signatures()) {
            Path dir = s.path().resolveSibling(s.id());
            List<Path> positives = samples(dir, "positive-");
            List<Path> negatives = samples(dir, "negative-");
            if (positives.size() < 2) {
                gaps.add(s.id() + ": " + positives.size() + " positive sample(s), at least 2 needed");
            }
            if (negatives.size() < 2) {
                gaps.add(s.id() + ": " + negatives.size() + " negative sample(s), at least 2 needed");
            }
            for (Path p : positives) {
                String text = Files.readString(p);
                if (!hasMeta(text, "#: source: ")) {
                    gaps.add(s.id() + "/" + p.getFileName() + ": no '#: source:' line");
                }
                if (!text.contains("  <<< evidence")) {
                    gaps.add(s.id() + "/" + p.getFileName() + ": no line marked '  <<< evidence'");
                }
            }
            for (Path p : negatives) {
                String text = Files.readString(p);
                if (!hasMeta(text, "#: source: ")) {
                    gaps.add(s.id() + "/" + p.getFileName() + ": no '#: source:' line");
                }
                if (text.contains("  <<< evidence")) {
                    gaps.add(s.id() + "/" + p.getFileName() + ": a negative sample marks evidence");
                }
            }
            if (s.references().isEmpty()) {
                gaps.add(s.id() + ": no references");
            }
            if (s.description() == null || s.description().isBlank()) {
                gaps.add(s.id() + ": no description");
            }
            if (s.steps().isEmpty()) {
                gaps.add(s.id() + ": no remediation steps");
            }
            if (s.confirm().isEmpty()) {
                gaps.add(s.id() + ": no 'confirm' steps");
            }
            for (Signature.ConfusedWith cw : s.confusedWith()) {
                if (!ids.contains(cw.id()) && !cw.id().startsWith("unexplained-") && !cw.id().equals("tainted-kernel-crash")) {
                    gaps.add(s.id() + ": confused_with '" + cw.id() + "' is not a signature");
                }
            }
        }
        assertEquals(List.of(), gaps, String.join("\n", gaps));
    }

    /** New signatures (the incident-bound format) bind their evidence to the incident they explain. */
    @Test
    void signaturesInTheNewFormatSayWhatTheyExplain() throws IOException {
        SignatureCatalog c = SignatureCatalog.loadOnly(CATALOGUE);
        List<String> gaps = new ArrayList<>();
        for (Signature s : c.signatures()) {
            String yaml = Files.readString(s.path());
            if (!yaml.contains("scope:") && s.explains().isEmpty()) {
                gaps.add(s.id() + ": no explains");
            }
        }
        assertEquals(List.of(), gaps, String.join("\n", gaps));
    }

    private static boolean hasMeta(String text, String prefix) {
        return text.lines().anyMatch(l -> l.startsWith(prefix) && l.length() > prefix.length() + 5);
    }

    private static List<Path> samples(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".log"))
                    .sorted().toList();
        }
    }
}
