package dev.crashtriage.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells in one pass over a line whether it contains any crash-header literal, so that the vast
 * majority of log lines (which contain none) cost a table lookup per character instead of a
 * search per literal. Each literal is indexed by its least common two-character pair (one with an
 * upper-case letter or punctuation where it has one), so ordinary words rarely lead to a check.
 */
final class HeaderLiterals {
    private final String[][] byBigram = new String[1 << 16][];
    private final int[][] offsets = new int[1 << 16][];

    private static final String COMMON_PAIRS = " in th er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le"
            + " ve co me de hi ri ro ic ne ea ra ce li ch ll be ma si om ur ";

    HeaderLiterals(String... literals) {
        List<List<String>> tmp = new ArrayList<>(1 << 16);
        List<List<Integer>> offs = new ArrayList<>(1 << 16);
        for (int i = 0; i < 1 << 16; i++) {
            tmp.add(null);
            offs.add(null);
        }
        for (String lit : literals) {
            int best = 0;
            int bestScore = Integer.MAX_VALUE;
            for (int k = 0; k + 1 < lit.length(); k++) {
                int score = score(lit.charAt(k), lit.charAt(k + 1));
                if (score < bestScore) {
                    best = k;
                    bestScore = score;
                }
            }
            int key = key(lit.charAt(best), lit.charAt(best + 1));
            if (tmp.get(key) == null) {
                tmp.set(key, new ArrayList<>(2));
                offs.set(key, new ArrayList<>(2));
            }
            tmp.get(key).add(lit);
            offs.get(key).add(best);
        }
        for (int i = 0; i < 1 << 16; i++) {
            if (tmp.get(i) != null) {
                byBigram[i] = tmp.get(i).toArray(new String[0]);
                offsets[i] = offs.get(i).stream().mapToInt(Integer::intValue).toArray();
            }
        }
    }

    /** How common a character pair is in ordinary log text: lower is rarer. */
    private static int score(char a, char b) {
        boolean plainA = Character.isLowerCase(a) || a == ' ';
        boolean plainB = Character.isLowerCase(b) || b == ' ';
        if (!plainA && !plainB) {
            return 0;
        }
        if (!plainA || !plainB) {
            return 1;
        }
        return COMMON_PAIRS.contains(" " + a + b + " ") ? 4 : a == ' ' || b == ' ' ? 3 : 2;
    }

    private static int key(char a, char b) {
        return ((a & 0xff) << 8) | (b & 0xff);
    }

    boolean anyIn(String line) {
        int n = line.length() - 1;
        for (int i = 0; i < n; i++) {
            int key = key(line.charAt(i), line.charAt(i + 1));
            String[] cands = byBigram[key];
            if (cands != null) {
                int[] off = offsets[key];
                for (int c = 0; c < cands.length; c++) {
                    int start = i - off[c];
                    if (start >= 0 && line.startsWith(cands[c], start)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
