package dev.crashtriage.input;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The screen ranks a literal's windows by its common pairs through a bit table built once; it must say what the
 * word list says for every pair a literal can hold, or the screens would index other windows than before.
 */
class LiteralScreenPairsTest {
    @Test
    void theBitTableAgreesWithTheWordListOnEveryAsciiPair() {
        int common = 0;
        for (char a = 0; a < 128; a++) {
            for (char b = 0; b < 128; b++) {
                boolean listed = LiteralScreen.COMMON_PAIRS.contains(" " + a + b + " ");
                assertEquals(listed, LiteralScreen.isCommonPair(a, b), "pair '" + a + b + "'");
                common += listed ? 1 : 0;
            }
        }
        assertEquals(49, common);
    }

    @Test
    void firstAndLastListedPairsCountAndOthersDoNot() {
        assertTrue(LiteralScreen.isCommonPair('i', 'n'));
        assertTrue(LiteralScreen.isCommonPair('u', 'r'));
        assertFalse(LiteralScreen.isCommonPair('n', ' '));
        assertFalse(LiteralScreen.isCommonPair('I', 'N'));
        assertFalse(LiteralScreen.isCommonPair('\u00e9', 'r'));
    }
}
