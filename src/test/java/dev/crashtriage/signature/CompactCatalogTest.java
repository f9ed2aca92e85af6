package dev.crashtriage.signature;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compact catalogue the build writes is the YAML catalogue: same files, same trees (positions and key order
 * included), and the same validated signatures and errors once loaded.
 */
class CompactCatalogTest {
    private static final Path REPO_SIGNATURES = Path.of("signatures");

    private static List<CompactCatalog.File> shipped() throws IOException {
        try (InputStream in = SignatureCatalog.class.getResourceAsStream(CompactCatalog.RESOURCE)) {
            assertNotNull(in, "the build writes " + CompactCatalog.RESOURCE + " (pom.xml, compact-catalogue)");
            return CompactCatalog.read(new DataInputStream(in));
        }
    }

    @Test
    void theShippedFormHoldsEveryRepositorySignatureFileAsItsYamlTree() throws IOException {
        List<CompactCatalog.File> compact = shipped();
        List<CompactCatalog.File> yaml = CompactCatalogWriter.read(REPO_SIGNATURES);
        assertEquals(yaml.stream().map(CompactCatalog.File::shown).toList(),
                compact.stream().map(CompactCatalog.File::shown).toList());
        for (int i = 0; i < yaml.size(); i++) {
            // toString too: record equality of the mappings ignores key order, and selections keep written order
            assertEquals(yaml.get(i).root(), compact.get(i).root(), yaml.get(i).shown());
            assertEquals(String.valueOf(yaml.get(i).root()), String.valueOf(compact.get(i).root()), yaml.get(i).shown());
        }
    }

    @Test
    void loadingTheCompactBuiltInsGivesTheSignaturesTheYamlGives() {
        SignatureCatalog fromYaml = SignatureCatalog.load(List.of());
        SignatureCatalog compact = SignatureCatalog.forAnalysis(List.of());
        assertEquals(List.of(), compact.errors());
        assertEquals(fromYaml.ids(), compact.ids());
        for (Signature y : fromYaml.signatures()) {
            Signature c = compact.get(y.id());
            assertNull(c.path(), "compact built-ins carry no sample path");
            assertEquals(withoutPath(y), withoutPath(c), y.id());
        }
    }

    /** The record's text with the path left out (patterns print as their source, so the text compares them). */
    private static String withoutPath(Signature s) {
        return new Signature(s.id(), s.title(), s.severity(), s.area(), s.generic(), s.description(), s.scope(),
                s.selections(), s.condition(), s.base(), s.raise(), s.lower(), s.explains(), s.confusedWith(),
                s.steps(), s.confirm(), s.references(), s.file(), null, s.user(), s.precededBy(), s.severityWhen())
                .toString();
    }

    @Test
    void compactBuiltInsCompileTheirLinePatternsOnFirstUseIntoTheSameEngine() {
        SignatureEngine eager = new SignatureEngine(SignatureCatalog.load(List.of()));
        SignatureEngine lazy = new SignatureEngine(SignatureCatalog.forAnalysis(List.of()));
        assertEquals(eager.slots.length, lazy.slots.length);
        int waiting = 0;
        for (int i = 0; i < eager.slots.length; i++) {
            LinePattern e = eager.slots[i].pattern();
            LinePattern l = lazy.slots[i].pattern();
            assertEquals(e.toString(), l.toString(), "slot " + i + ": same source and literals");
            assertEquals(eager.slots[i].selectionIndex(), lazy.slots[i].selectionIndex());
            if (!l.compiledYet()) {
                waiting++;
                // compiling it now gives the pattern the eager load compiled
                assertEquals(e.regex().toString(), l.regex().toString());
                assertTrue(l.compiledYet());
            }
        }
        assertTrue(waiting > eager.slots.length / 2, waiting + " of " + eager.slots.length + " waited for first use");
    }

    @Test
    void theBuildRefusesABuiltInWhosePatternDoesNotCompile(@TempDir Path tmp) throws IOException {
        // constructed: the tg3 fixture with a backreference, which re2j does not support
        Path dir = tmp.resolve("signatures");
        Files.createDirectories(dir.resolve("net"));
        Files.writeString(dir.resolve("net/fixture-tg3-tx-timeout.yml"), Files.readString(SignatureCatalogTest.TG3)
                .replace("'tg3_stop_block timed out'", "'(tg3)_stop_block \\1 timed out'"));
        List<String> problems = CompactCatalogWriter.problems(CompactCatalogWriter.read(dir));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).matches("signatures/net/fixture-tg3-tx-timeout\\.yml:18:\\d+: bad pattern .*"),
                problems.get(0));
        assertThrows(IllegalStateException.class, () -> CompactCatalogWriter.main(
                new String[] {dir.toString(), tmp.resolve("catalogue.bin").toString()}));
        assertFalse(Files.exists(tmp.resolve("catalogue.bin")), "nothing is written for a catalogue that fails");
        assertEquals(List.of(), CompactCatalogWriter.problems(CompactCatalogWriter.read(REPO_SIGNATURES)));
    }

    @Test
    void brokenFilesGiveTheSameErrorsFromTheCompactFormAsFromYaml(@TempDir Path tmp) throws IOException {
        // constructed: one file that is not YAML, one that is YAML but not a valid signature, one whose id
        // differs from its file name
        Path dir = tmp.resolve("signatures");
        Files.createDirectories(dir.resolve("net"));
        Files.writeString(dir.resolve("net/not-yaml.yml"), "id: not-yaml\ntitle: [unclosed\n");
        Files.writeString(dir.resolve("net/bad-severity.yml"), Files.readString(SignatureCatalogTest.TG3)
                .replace("id: fixture-tg3-tx-timeout", "id: bad-severity").replaceFirst("severity: \\w+", "severity: dire"));
        Files.writeString(dir.resolve("net/misnamed.yml"), Files.readString(SignatureCatalogTest.TG3));

        List<SignatureException> fromYaml = new ArrayList<>();
        SignatureCatalog.load(List.of(dir), List.of(), fromYaml);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompactCatalogWriter.write(dir, bytes);
        List<SignatureException> fromCompact = new ArrayList<>();
        for (CompactCatalog.File f : CompactCatalog.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())))) {
            if (f.unreadable() != null) {
                fromCompact.add(f.unreadable());
            } else {
                fromCompact.addAll(SignatureLoader.fromTree(f.shown(), f.fileName(), f.root()).errors());
            }
        }
        assertFalse(fromYaml.isEmpty());
        assertEquals(fromYaml.stream().map(Throwable::getMessage).toList(),
                fromCompact.stream().map(Throwable::getMessage).toList());
    }

    @Test
    void userSignaturesStillComeFromYamlOverCompactBuiltIns(@TempDir Path dir) throws IOException {
        // constructed: the shipped e1000e signature under the user's own title, and a user file with a YAML error
        String shipped = Files.readString(REPO_SIGNATURES.resolve("net/e1000e-hardware-unit-hang.yml"));
        Files.writeString(dir.resolve("e1000e-hardware-unit-hang.yml"),
                shipped.replaceFirst("(?m)^title: .*$", "title: our own e1000e theory"));
        Files.writeString(dir.resolve("half-written.yml"), "id: half-written\ntitle: [unclosed\n");
        SignatureCatalog c = SignatureCatalog.forAnalysis(List.of(dir));
        Signature mine = c.get("e1000e-hardware-unit-hang");
        assertEquals("our own e1000e theory", mine.title());
        assertEquals(true, mine.user());
        assertEquals(SignatureCatalog.load(List.of()).ids(), c.ids(), "the user's file replaces the built-in in place");
        assertEquals(1, c.errors().size(), c.errors().toString());
        assertEquals(dir.resolve("half-written.yml").toString(), c.errors().get(0).file());
        assertEquals(2, c.errors().get(0).line());
    }

    @Test
    void theShippedLiteralsAreWhatTheExtractorGivesForEveryBuiltInPatternAndBranch() throws IOException {
        java.util.Map<String, LinePattern.Literals> table;
        try (InputStream in = SignatureCatalog.class.getResourceAsStream(CompactCatalog.RESOURCE)) {
            table = CompactCatalog.readAll(new DataInputStream(in)).literals();
        }
        for (var e : table.entrySet()) {
            assertEquals(LinePattern.Literals.of(e.getKey()), e.getValue(), e.getKey());
        }
        // and a start finds every regex it loads, and every branch those split into, in the table
        int patterns = 0;
        for (Signature s : SignatureCatalog.forAnalysis(List.of()).signatures()) {
            for (Selection sel : s.selections().values()) {
                if (!(sel instanceof Selection.Lines lines)) {
                    continue;
                }
                for (LinePattern p : lines.patterns()) {
                    if (p.compiledYet()) {
                        continue; // a literal: pattern, no extraction
                    }
                    patterns++;
                    assertTrue(table.containsKey(p.source()), p.source());
                    assertEquals(table.get(p.source()).required(), p.required(), p.source());
                    assertEquals(table.get(p.source()).confirm(), p.confirm(), p.source());
                    for (LinePattern alt : p.alternatives()) {
                        assertTrue(table.containsKey(alt.source()), alt.source());
                    }
                }
            }
        }
        assertTrue(patterns > 50, "built-in regexes seen: " + patterns);
    }

    @Test
    void aCutOrForeignFormIsRefusedNotMisread() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompactCatalogWriter.write(REPO_SIGNATURES, bytes);
        byte[] whole = bytes.toByteArray();
        assertThrows(IOException.class, () -> CompactCatalog.read(
                new DataInputStream(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length / 2)))));
        byte[] otherFormat = whole.clone();
        otherFormat[7]++;
        assertThrows(IOException.class, () -> CompactCatalog.read(new DataInputStream(new ByteArrayInputStream(otherFormat))));
    }
}
