package dev.crashtriage.signature;

import dev.crashtriage.input.LiteralScreen;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signature prefilter's screen reports exactly the literals a line contains: no more, no fewer. */
class LiteralScreenTest {

    @Test
    void findsExactlyTheBuiltInLiteralsEachRealLineContains() throws IOException {
        SignatureEngine engine = new SignatureEngine(SignatureCatalog.builtIn());
        List<String> literals = new ArrayList<>();
        for (SignatureEngine.PatternSlot slot : engine.slots) {
            if (slot.pattern().required() != null) {
                literals.addAll(slot.pattern().required());
            }
        }
        literals = literals.stream().distinct().toList();
        int[] ids = new int[literals.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        LiteralScreen screen = new LiteralScreen(literals, ids);
        int linesWithLiterals = 0;
        for (String line : PrefilterTest.linesOf(Path.of("src/test/resources"), Path.of("signatures"))) {
            TreeSet<Integer> expected = new TreeSet<>();
            for (int i = 0; i < ids.length; i++) {
                if (line.contains(literals.get(i))) {
                    expected.add(i);
                }
            }
            TreeSet<Integer> found = new TreeSet<>();
            screen.scan(line, found::add);
            assertEquals(expected, found, line);
            assertEquals(!expected.isEmpty(), screen.anyIn(line), line);
            if (!expected.isEmpty()) {
                linesWithLiterals++;
            }
        }
        assertTrue(linesWithLiterals > 500, "lines holding a literal: " + linesWithLiterals);
    }

    /** Past eight of them, 3-character literals get their own window test instead of being folded into the 4-character one. */
    @Test
    void manyThreeCharacterLiteralsAreFoundExactlyToo() throws IOException {
        List<String> few = List.of("BUG", "EXT", " 0x", "XFS");
        List<String> many = List.of("BUG", "EXT", "ext", " 0x", "XFS", "ata", "sd ", "irq", "PCI", "usb");
        for (List<String> literals : List.of(few, many)) {
            int[] ids = new int[literals.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i;
            }
            LiteralScreen screen = new LiteralScreen(literals, ids);
            int hits = 0;
            for (String line : PrefilterTest.linesOf(Path.of("src/test/resources"))) {
                TreeSet<Integer> expected = new TreeSet<>();
                for (int i = 0; i < ids.length; i++) {
                    if (line.contains(literals.get(i))) {
                        expected.add(i);
                    }
                }
                TreeSet<Integer> found = new TreeSet<>();
                screen.scan(line, found::add);
                assertEquals(expected, found, line);
                hits += expected.size();
            }
            assertTrue(hits > 200, "literal occurrences seen: " + hits);
        }
    }

    @Test
    void reportsEveryIdOfALiteralSharedByPatternsAndEveryOccurrencePosition() {
        LiteralScreen screen = new LiteralScreen(List.of("blocked for more than ", "EXT", "blocked for more than "), new int[] {4, 7, 9});
        TreeSet<Integer> found = new TreeSet<>();
        screen.scan("INFO: task jbd2/sda1-8:215 blocked for more than 120 seconds.", found::add);
        assertEquals(new TreeSet<>(List.of(4, 9)), found);
        found.clear();
        // at the very start and at the very end of the line
        screen.scan("EXT4-fs (sda1): 42 orphan inodes deleted", found::add);
        screen.scan("reboot requested by EXT", found::add);
        assertEquals(new TreeSet<>(List.of(7)), found);
        found.clear();
        screen.scan("EX", found::add);
        screen.scan("", found::add);
        assertTrue(found.isEmpty());
    }

    @Test
    void refusesLiteralsTooShortToIndex() {
        assertThrows(IllegalArgumentException.class, () -> new LiteralScreen(List.of("ab"), new int[] {0}));
    }
}
