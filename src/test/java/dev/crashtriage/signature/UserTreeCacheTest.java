package dev.crashtriage.signature;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user folder loaded through the tree cache gives the catalogue a plain YAML load gives (signatures, errors and
 * their positions), parses only what changed, and never trusts a cache file it cannot vouch for.
 */
class UserTreeCacheTest {
    private static final Path REPO_SIGNATURES = Path.of("signatures");
    private static final String BUILD = "0.1.0 test";

    @TempDir
    Path tmp;
    private Path dir;
    private Path cacheDir;

    /** A user's folder: three shipped signatures under the user's own ids, a half-written file, a bad severity. */
    @BeforeEach
    void userFolder() throws IOException {
        dir = tmp.resolve("my-signatures");
        cacheDir = tmp.resolve("cache");
        Files.createDirectories(dir.resolve("net"));
        copyAs("net/e1000e-hardware-unit-hang.yml", "net/ours-e1000e.yml", "ours-e1000e");
        copyAs("net/bonding-slave-failover.yml", "net/ours-bonding.yml", "ours-bonding");
        copyAs("net/intel-nic-tx-unit-hang.yml", "ours-intel-tx.yml", "ours-intel-tx");
        // constructed: a YAML syntax error on line 2, and a signature the loader refuses
        Files.writeString(dir.resolve("half-written.yml"), "id: half-written\ntitle: [unclosed\n");
        Files.writeString(dir.resolve("bad-severity.yml"), Files.readString(SignatureCatalogTest.TG3)
                .replace("id: fixture-tg3-tx-timeout", "id: bad-severity").replaceFirst("severity: \\w+", "severity: dire"));
    }

    private void copyAs(String shipped, String as, String id) throws IOException {
        String text = Files.readString(REPO_SIGNATURES.resolve(shipped));
        String oldId = text.replaceFirst("(?s)^.*?(?m)^id: *(\\S+).*$", "$1");
        Files.writeString(dir.resolve(as), text.replaceFirst("(?m)^id: .*$", "id: " + id));
        assertFalse(oldId.equals(id));
    }

    /** Everything a run would see of a catalogue: each signature's text and each error's message, in order. */
    private static List<String> seen(SignatureCatalog c) {
        List<String> out = new java.util.ArrayList<>();
        c.signatures().forEach(s -> out.add(s.toString()));
        c.errors().forEach(e -> out.add(e.getMessage()));
        return out;
    }

    private SignatureCatalog load(UserTreeCache cache) {
        return SignatureCatalog.forAnalysis(List.of(dir), cache);
    }

    @Test
    void aSecondRunParsesNothingAndGetsTheSameCatalogue() {
        List<String> plain = seen(load(null));
        UserTreeCache first = new UserTreeCache(cacheDir, BUILD);
        assertEquals(plain, seen(load(first)));
        assertEquals(5, first.parsedFiles());

        UserTreeCache second = new UserTreeCache(cacheDir, BUILD);
        SignatureCatalog warm = load(second);
        assertEquals(0, second.parsedFiles(), "every file came from the cache");
        assertEquals(plain, seen(warm));
        assertTrue(warm.get("ours-e1000e").user());
        String halfWritten = dir.resolve("half-written.yml") + ":2:";
        assertTrue(seen(warm).stream().anyMatch(m -> m.startsWith(halfWritten) && m.contains("malformed YAML")),
                "the YAML error keeps its line and column from the cache: " + seen(warm));
        assertTrue(seen(warm).stream().anyMatch(m -> m.matches(".*bad-severity\\.yml:\\d+:\\d+: .*dire.*")), seen(warm).toString());
    }

    @Test
    void aChangedFileIsParsedAgainAndAGoneOneIsForgotten() throws IOException {
        load(new UserTreeCache(cacheDir, BUILD));
        Path e1000e = dir.resolve("net/ours-e1000e.yml");
        Files.writeString(e1000e, Files.readString(e1000e).replaceFirst("(?m)^title: .*$", "title: our second theory"));
        // same size, new time: an edit that kept the length must not be missed
        Path bonding = dir.resolve("net/ours-bonding.yml");
        String before = Files.readString(bonding);
        Files.writeString(bonding, before.replaceFirst("(?m)^title: (.)", "title: X"));
        Files.setLastModifiedTime(bonding, FileTime.fromMillis(Files.getLastModifiedTime(bonding).toMillis() + 5000));
        Files.delete(dir.resolve("half-written.yml"));

        UserTreeCache again = new UserTreeCache(cacheDir, BUILD);
        SignatureCatalog c = load(again);
        assertEquals(2, again.parsedFiles());
        assertEquals("our second theory", c.get("ours-e1000e").title());
        assertTrue(c.get("ours-bonding").title().startsWith("X"), c.get("ours-bonding").title());
        assertEquals(seen(load(null)), seen(c));
        assertEquals(List.of("bad-severity.yml", "net/ours-bonding.yml", "net/ours-e1000e.yml", "ours-intel-tx.yml"),
                again.storedNames(dir));
        UserTreeCache third = new UserTreeCache(cacheDir, BUILD);
        load(third);
        assertEquals(0, third.parsedFiles());
    }

    @Test
    void aDamagedCutOrForeignCacheIsIgnoredAndRewritten() throws IOException {
        List<String> plain = seen(load(null));
        UserTreeCache cache = new UserTreeCache(cacheDir, BUILD);
        load(cache);
        Path file = cache.fileFor(dir);
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x20; // one character of some title or pattern
        Files.write(file, flipped);
        UserTreeCache afterFlip = new UserTreeCache(cacheDir, BUILD);
        assertEquals(plain, seen(load(afterFlip)));
        assertEquals(5, afterFlip.parsedFiles(), "a cache that fails its checksum is not read");
        assertTrue(java.util.Arrays.equals(good, Files.readAllBytes(file)), "and is written again whole");

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 100));
        UserTreeCache afterCut = new UserTreeCache(cacheDir, BUILD);
        assertEquals(plain, seen(load(afterCut)));
        assertEquals(5, afterCut.parsedFiles());

        UserTreeCache otherBuild = new UserTreeCache(cacheDir, "0.2.0 abcdef");
        assertEquals(plain, seen(load(otherBuild)));
        assertEquals(5, otherBuild.parsedFiles(), "another build's trees are not used");

        // another folder's cache under this folder's name (same files, other place) is not used either
        Path elsewhere = tmp.resolve("elsewhere");
        Files.createDirectories(elsewhere);
        UserTreeCache forElsewhere = new UserTreeCache(cacheDir, BUILD);
        Files.copy(cache.fileFor(dir), forElsewhere.fileFor(elsewhere));
        SignatureCatalog.forAnalysis(List.of(elsewhere), forElsewhere);
        assertEquals(List.of(), forElsewhere.storedNames(elsewhere));
    }

    @Test
    void anUnwritableCacheDirectoryOnlyCostsTheParse() throws IOException {
        Path notADir = tmp.resolve("cache-is-a-file");
        Files.writeString(notADir, "x");
        UserTreeCache cache = new UserTreeCache(notADir, BUILD);
        assertEquals(seen(load(null)), seen(load(cache)));
        assertEquals(5, cache.parsedFiles());
    }
}
