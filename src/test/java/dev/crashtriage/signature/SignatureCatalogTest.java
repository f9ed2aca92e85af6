package dev.crashtriage.signature;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Built-ins from a folder or a jar, user directories on top, and every error located. */
class SignatureCatalogTest {
    static final Path FIXTURES = Path.of("src/test/resources/signatures-fixture");
    static final Path TG3 = FIXTURES.resolve("net/fixture-tg3-tx-timeout.yml");

    static SignatureCatalog load(List<Path> builtIns, List<Path> user) {
        return SignatureCatalog.load(builtIns, user, new ArrayList<>());
    }

    @Test
    void userDirectoryIsPickedUp(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("my-tg3.yml"), Files.readString(TG3).replace("id: fixture-tg3-tx-timeout", "id: my-tg3"));
        SignatureCatalog c = load(List.of(FIXTURES), List.of(dir));
        assertEquals(List.of(), c.errors());
        assertTrue(c.get("my-tg3").user());
        assertFalse(c.get("fixture-ata-media-error").user());
        assertEquals(4, c.signatures().size());
    }

    @Test
    void userSignatureWithABuiltInIdOverridesIt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("fixture-tg3-tx-timeout.yml"),
                Files.readString(TG3).replace("title: tg3 NIC stopped transmitting", "title: our own tg3 theory"));
        SignatureCatalog c = load(List.of(FIXTURES), List.of(dir));
        assertEquals(List.of(), c.errors());
        assertEquals(3, c.signatures().size());
        assertTrue(c.get("fixture-tg3-tx-timeout").title().startsWith("our own tg3 theory"));
        assertTrue(c.get("fixture-tg3-tx-timeout").user());
    }

    @Test
    void brokenUserSignatureFailsWithFileLineColumnAndTheOthersStillLoad(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("net").resolve("broken-one.yml");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, Files.readString(TG3).replace("id: fixture-tg3-tx-timeout", "id: broken-one")
                .replace("lines: ['tg3_stop_block timed out']", "lines: ['tg3_stop_block (timed out']"));
        SignatureCatalog c = load(List.of(FIXTURES), List.of(dir));
        assertEquals(1, c.errors().size());
        SignatureException e = c.errors().get(0);
        assertEquals(broken.toString(), e.file());
        assertEquals(18, e.line());
        assertEquals(15, e.column());
        assertTrue(e.getMessage().startsWith(broken + ":18:15: bad pattern"), e.getMessage());
        assertEquals(3, c.signatures().size(), "--keep-going can use the others");
    }

    /**
     * Files of one load share the regexes they have in common (compiled once) and are read in parallel: a bad
     * pattern written in several files is still an error in each, at its own place, in path order, and the copies of
     * a good pattern all match.
     */
    @Test
    void aPatternSharedByManyFilesIsReportedOrMatchedInEachOfThem(@TempDir Path dir) throws IOException {
        String tg3 = Files.readString(TG3);
        List<Path> broken = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = String.format("copy-%02d", i);
            String text = tg3.replace("id: fixture-tg3-tx-timeout", "id: " + id);
            if (i % 4 == 1) {
                text = text.replace("lines: ['tg3_stop_block timed out']", "lines: ['tg3_stop_block (timed out']");
                broken.add(dir.resolve(id + ".yml"));
            }
            Files.writeString(dir.resolve(id + ".yml"), text);
        }
        SignatureCatalog c = load(List.of(FIXTURES), List.of(dir));
        assertEquals(broken.size(), c.errors().size());
        for (int i = 0; i < broken.size(); i++) {
            SignatureException e = c.errors().get(i);
            assertEquals(broken.get(i).toString(), e.file());
            assertTrue(e.getMessage().startsWith(broken.get(i) + ":18:15: bad pattern"), e.getMessage());
        }
        assertEquals(3 + 12 - broken.size(), c.signatures().size());
        String line = "tg3 0000:02:00.0 eth0: tg3_stop_block timed out, ofs=1400 enable_bit=2";
        for (int i = 0; i < 12; i++) {
            Signature s = c.get(String.format("copy-%02d", i));
            if (i % 4 == 1) {
                assertEquals(null, s);
                continue;
            }
            assertTrue(s.selections().values().stream().anyMatch(sel -> sel instanceof Selection.Lines l
                    && l.patterns().stream().anyMatch(lp -> lp.matches(line))), s.id());
        }
    }

    @Test
    void duplicateIdsAcrossUserDirectoriesAreAnError(@TempDir Path a, @TempDir Path b) throws IOException {
        String text = Files.readString(TG3).replace("id: fixture-tg3-tx-timeout", "id: same-id");
        Files.writeString(a.resolve("same-id.yml"), text);
        Files.writeString(b.resolve("same-id.yml"), text);
        SignatureCatalog c = load(List.of(), List.of(a, b));
        assertEquals(1, c.errors().size());
        assertTrue(c.errors().get(0).getMessage().contains("duplicate id 'same-id', also in " + a.resolve("same-id.yml")));
    }

    @Test
    void missingUserDirectoryIsAnError(@TempDir Path dir) {
        SignatureCatalog c = load(List.of(), List.of(dir.resolve("nope")));
        assertEquals(dir.resolve("nope") + ":1:1: no such signature directory", c.errors().get(0).getMessage());
    }

    @Test
    void environmentAndHomeDirectories(@TempDir Path home, @TempDir Path one, @TempDir Path two) throws IOException {
        assertEquals(List.of(one, two), SignatureCatalog.environmentDirs(Map.of("CRASHTRIAGE_SIGNATURES", one + "::" + two), home));
        Path cfg = home.resolve(".config/crashtriage/signatures");
        Files.createDirectories(cfg);
        assertEquals(List.of(one, cfg), SignatureCatalog.environmentDirs(Map.of("CRASHTRIAGE_SIGNATURES", one.toString()), home));
        assertEquals(List.of(cfg), SignatureCatalog.environmentDirs(Map.of(), home));
    }

    @Test
    void builtInsAreReadFromInsideAJar(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("catalogue.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            // directory entries, as Maven's jar and shade plugins write them
            for (String d : List.of("signatures/", "signatures/net/", "signatures/net/fixture-tg3-tx-timeout/", "signatures/block/")) {
                out.putNextEntry(new JarEntry(d));
                out.closeEntry();
            }
            for (String rel : List.of("net/fixture-tg3-tx-timeout.yml", "net/fixture-tg3-tx-timeout/positive-1.log",
                    "block/fixture-ata-media-error.yml")) {
                out.putNextEntry(new JarEntry("signatures/" + rel));
                out.write(Files.readAllBytes(FIXTURES.resolve(rel)));
                out.closeEntry();
            }
        }
        try (URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<SignatureException> errors = new ArrayList<>();
            List<Path> roots = SignatureCatalog.builtInRoots(cl, errors);
            assertEquals(1, roots.size());
            SignatureCatalog c = SignatureCatalog.load(roots, List.of(), errors);
            assertEquals(List.of(), c.errors());
            assertEquals(List.of("fixture-ata-media-error", "fixture-tg3-tx-timeout"), c.ids());
            Signature s = c.get("fixture-tg3-tx-timeout");
            assertEquals("signatures/net/fixture-tg3-tx-timeout.yml", s.file());
            assertNotNull(s.path());
            assertTrue(Files.isRegularFile(s.path().resolveSibling("fixture-tg3-tx-timeout").resolve("positive-1.log")),
                    "samples are reachable inside the jar");
        }
    }
}
