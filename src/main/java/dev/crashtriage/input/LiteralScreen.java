package dev.crashtriage.input;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds which of a set of literals (the signature patterns' required literals, the device-event table's)
 * occur in a line, in one pass that costs a couple of nanoseconds per character on the lines that hold
 * none (nearly all of them). It lives in {@code input/}, the layer every later one reads, so that
 * {@code kernel/} and {@code signature/} share one implementation.
 *
 * <p>Each literal is indexed by its least common window of four characters (a literal of three
 * by every window of four that ends with it), hashed into a bit set of 16 KiB. The scan keeps the
 * last four characters in an int and tests one bit per character; only a set bit leads to comparing
 * the literals behind it, so the answer is exact. It replaced an Aho-Corasick automaton whose
 * table (about 5 000 states of 128 transitions) did not stay in the caches between the other
 * stages' work on each line: a walk of it cost about 12 ns per character in the whole pipeline,
 * and each step had to wait for the previous load, where these bit tests are independent.
 */
public final class LiteralScreen {
    /** Literals shorter than this are not indexed: the caller runs their patterns on every line. */
    public static final int MIN_LENGTH = 3;

    private static final int BITS = 17;
    /**
     * Up to this many 3-character literals are folded into the 4-character windows (256 bits
     * each); more would fill the bit set, and get their own 3-character test instead.
     */
    private static final int MAX_FOLDED = 8;
    private static final int SLOTS = 1 << BITS;
    private static final int MULTIPLY_3 = 0x85EBCA6B;
    private static final int MULTIPLY_4 = 0xC2B2AE35;

    /** Lowercase pairs frequent in English and in kernel messages: a window holding one is common. */
    static final String COMMON_PAIRS = " in th er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le"
            + " ve co me de hi ri ro ic ne ea ra ce li ch ll be ma si om ur ";
    /**
     * {@link #COMMON_PAIRS} as a bit per ASCII pair ({@code first << 7 | second}), so that ranking a literal's
     * windows at start-up (every screen is built on every start, before anything is compiled) builds no strings.
     */
    private static final long[] COMMON_PAIR_BITS = commonPairBits();

    /** Receives the id of each literal found (possibly more than once per line). */
    @FunctionalInterface
    public interface Hits {
        void hit(int id);
    }

    private final long[] bits = new long[SLOTS / 64];
    /** Per window length (3 or 4), per slot: the candidates indexed there, or null. */
    private final Candidate[][] byLength3 = new Candidate[SLOTS][];
    private final Candidate[][] byLength4 = new Candidate[SLOTS][];
    private final boolean anyLength3;
    private final boolean anyLength4;
    private final int literalCount;

    /** A literal, where its indexed window starts in it, and the ids to report when it occurs. */
    private record Candidate(String literal, int windowOffset, int[] ids) {
    }

    /**
     * @param literals the literals (ASCII, at least {@value #MIN_LENGTH} characters); ids[i] is reported when literals[i] occurs
     */
    public LiteralScreen(List<String> literals, int[] ids) {
        Map<String, int[]> idsOf = new LinkedHashMap<>();
        for (int n = 0; n < literals.size(); n++) {
            String lit = literals.get(n);
            if (lit.length() < MIN_LENGTH || !lit.chars().allMatch(c -> c < 128)) {
                throw new IllegalArgumentException("not a screen literal: '" + lit + "'");
            }
            int[] old = idsOf.get(lit);
            int[] grown = old == null ? new int[1] : Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = ids[n];
            idsOf.put(lit, grown);
        }
        long shortOnes = idsOf.keySet().stream().filter(l -> l.length() == 3).count();
        boolean foldShort = shortOnes <= MAX_FOLDED;
        boolean three = false;
        boolean four = false;
        for (Map.Entry<String, int[]> e : idsOf.entrySet()) {
            String lit = e.getKey();
            if (lit.length() == 3 && foldShort) {
                // indexed under every window "?lit" (any byte before it, 0 at the start of a line) so
                // that the scan needs only the 4-character test
                int key3 = (lit.charAt(0) << 16) | (lit.charAt(1) << 8) | lit.charAt(2);
                for (int before = 0; before < 256; before++) {
                    int slot = slot4((before << 24) | key3);
                    bits[slot >>> 6] |= 1L << slot;
                    Candidate c = new Candidate(lit, -1, e.getValue());
                    if (byLength4[slot] == null || !Arrays.asList(byLength4[slot]).contains(c)) {
                        byLength4[slot] = append(byLength4[slot], c);
                    }
                }
                four = true;
                continue;
            }
            int g = Math.min(4, lit.length());
            int offset = rarestWindow(lit, g);
            int key = 0;
            for (int k = offset; k < offset + g; k++) {
                key = (key << 8) | lit.charAt(k);
            }
            int slot = g == 4 ? slot4(key) : slot3(key);
            bits[slot >>> 6] |= 1L << slot;
            Candidate[][] table = g == 4 ? byLength4 : byLength3;
            table[slot] = append(table[slot], new Candidate(lit, offset, e.getValue()));
            three |= g == 3;
            four |= g == 4;
        }
        this.anyLength3 = three;
        this.anyLength4 = four;
        this.literalCount = idsOf.size();
    }

    public int literals() {
        return literalCount;
    }

    private static Candidate[] append(Candidate[] a, Candidate c) {
        Candidate[] b = a == null ? new Candidate[1] : Arrays.copyOf(a, a.length + 1);
        b[b.length - 1] = c;
        return b;
    }

    /** Where the least common window of length g starts: capitals, digits and punctuation are rarer than lowercase words. */
    private static int rarestWindow(String lit, int g) {
        int best = 0;
        int bestScore = Integer.MAX_VALUE;
        for (int from = 0; from + g <= lit.length(); from++) {
            int score = 0;
            for (int k = from; k < from + g; k++) {
                char c = lit.charAt(k);
                score += Character.isLowerCase(c) || c == ' ' ? 2 : Character.isLetterOrDigit(c) ? 1 : 0;
                if (k > from && isCommonPair(lit.charAt(k - 1), c)) {
                    score += 2;
                }
            }
            if (score < bestScore) {
                best = from;
                bestScore = score;
            }
        }
        return best;
    }

    private static long[] commonPairBits() {
        long[] out = new long[(128 * 128) / 64];
        for (int i = 1; i + 2 < COMMON_PAIRS.length(); i += 3) {
            int pair = COMMON_PAIRS.charAt(i) << 7 | COMMON_PAIRS.charAt(i + 1);
            out[pair >>> 6] |= 1L << pair;
        }
        return out;
    }

    /** Whether {@code a} then {@code b} is one of {@link #COMMON_PAIRS} (literals are ASCII). */
    static boolean isCommonPair(char a, char b) {
        if (a >= 128 || b >= 128) {
            return false;
        }
        int pair = a << 7 | b;
        return (COMMON_PAIR_BITS[pair >>> 6] & (1L << pair)) != 0;
    }

    private static int slot3(int key) {
        return ((key & 0xffffff) * MULTIPLY_3) >>> (32 - BITS);
    }

    private static int slot4(int key) {
        return (key * MULTIPLY_4) >>> (32 - BITS);
    }

    public void scan(String text, Hits hits) {
        final long[] b = bits;
        final boolean three = anyLength3;
        final boolean four = anyLength4;
        int key = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            // characters above 0xff fold onto others here; that only costs a comparison, never a miss
            key = (key << 8) | (text.charAt(i) & 0xff);
            if (four) {
                int s = slot4(key);
                if ((b[s >>> 6] & (1L << s)) != 0) {
                    verify(text, byLength4[s], i - 3, hits);
                }
            }
            if (three) {
                int s = slot3(key);
                if ((b[s >>> 6] & (1L << s)) != 0) {
                    verify(text, byLength3[s], i - 2, hits);
                }
            }
        }
    }

    /** Whether the line holds any of the literals: the same pass as {@link #scan}, stopping at the first. */
    public boolean anyIn(String text) {
        final long[] b = bits;
        int key = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            key = (key << 8) | (text.charAt(i) & 0xff);
            if (anyLength4) {
                int s = slot4(key);
                if ((b[s >>> 6] & (1L << s)) != 0 && occurs(text, byLength4[s], i - 3)) {
                    return true;
                }
            }
            if (anyLength3) {
                int s = slot3(key);
                if ((b[s >>> 6] & (1L << s)) != 0 && occurs(text, byLength3[s], i - 2)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean occurs(String text, Candidate[] cands, int windowStart) {
        if (cands == null) {
            return false;
        }
        for (Candidate c : cands) {
            int start = windowStart - c.windowOffset;
            if (start >= 0 && text.startsWith(c.literal, start)) {
                return true;
            }
        }
        return false;
    }

    /** Reports the candidates that occur with their indexed window at {@code windowStart}. */
    private static void verify(String text, Candidate[] cands, int windowStart, Hits hits) {
        if (cands == null) {
            return; // the bit belongs to a window of the other length
        }
        for (Candidate c : cands) {
            int start = windowStart - c.windowOffset;
            if (start >= 0 && text.startsWith(c.literal, start)) {
                for (int id : c.ids) {
                    hits.hit(id);
                }
            }
        }
    }
}
