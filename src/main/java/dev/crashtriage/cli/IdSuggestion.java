package dev.crashtriage.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean": the known ids nearest to a mistyped one, by edit distance or as a word of it. */
final class IdSuggestion {
    private IdSuggestion() {
    }

    /** At most three ids, nearest first; empty when nothing is close enough to be a likely typo. */
    static List<String> nearest(String typed, Collection<String> known) {
        String t = typed.toLowerCase(Locale.ROOT).trim();
        // a typo costs about one edit per four characters; a shorter id than that gets two
        int limit = Math.max(2, t.length() / 4);
        record Scored(String id, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String id : known) {
            int d = distance(t, id);
            if (d <= limit || t.length() >= 3 && id.contains(t)) {
                scored.add(new Scored(id, id.contains(t) ? Math.min(d, limit) : d));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::id));
        return scored.stream().limit(3).map(Scored::id).toList();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
