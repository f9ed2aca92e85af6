package dev.crashtriage.signature;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One automaton over the required literals of every signature pattern: a single pass over a
 * line tells which patterns could match it. Literals are ASCII (the extractor guarantees it), so
 * the transition table is a dense 128-wide array and any other character returns to the root.
 */
final class AhoCorasick {
    private static final int WIDTH = 128;

    private final int[] delta;
    /** Per state, the ids whose literal ends there (including via failure links), or null. */
    private final int[][] outputs;

    /** Receives the id of each literal found. */
    @FunctionalInterface
    interface Hits {
        void hit(int id);
    }

    /**
     * @param literals the literals; ids[i] is reported when literals[i] occurs
     */
    AhoCorasick(List<String> literals, int[] ids) {
        List<int[]> go = new ArrayList<>();
        List<int[]> out = new ArrayList<>();
        go.add(newRow());
        out.add(null);
        for (int n = 0; n < literals.size(); n++) {
            String lit = literals.get(n);
            int s = 0;
            for (int k = 0; k < lit.length(); k++) {
                char c = lit.charAt(k);
                if (c >= WIDTH) {
                    throw new IllegalArgumentException("non-ASCII literal");
                }
                int t = go.get(s)[c];
                if (t <= 0) {
                    t = go.size();
                    go.add(newRow());
                    out.add(null);
                    go.get(s)[c] = t;
                }
                s = t;
            }
            out.set(s, append(out.get(s), ids[n]));
        }
        int states = go.size();
        int[] fail = new int[states];
        delta = new int[states * WIDTH];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < WIDTH; c++) {
            int t = go.get(0)[c];
            if (t > 0) {
                fail[t] = 0;
                delta[c] = t;
                queue.add(t);
            } else {
                delta[c] = 0;
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            int f = fail[s];
            int[] fo = out.get(f);
            if (fo != null) {
                int[] own = out.get(s);
                for (int id : fo) {
                    own = append(own, id);
                }
                out.set(s, own);
            }
            for (int c = 0; c < WIDTH; c++) {
                int t = go.get(s)[c];
                if (t > 0) {
                    fail[t] = delta[f * WIDTH + c];
                    delta[s * WIDTH + c] = t;
                    queue.add(t);
                } else {
                    delta[s * WIDTH + c] = delta[f * WIDTH + c];
                }
            }
        }
        outputs = out.toArray(new int[0][]);
        // pre-multiply targets by the row width and flag targets with outputs by sign, so the scan loop
        // does one array load per character and touches outputs only on a hit
        for (int i = 0; i < delta.length; i++) {
            int t = delta[i];
            delta[i] = outputs[t] == null ? t * WIDTH : -(t * WIDTH) - 1;
        }
    }

    private static int[] newRow() {
        int[] r = new int[WIDTH];
        Arrays.fill(r, -1);
        return r;
    }

    private static int[] append(int[] a, int v) {
        if (a == null) {
            return new int[] {v};
        }
        for (int x : a) {
            if (x == v) {
                return a;
            }
        }
        int[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }

    int states() {
        return outputs.length;
    }

    void scan(String text, Hits hits) {
        int row = 0;
        final int[] d = delta;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= WIDTH) {
                row = 0;
                continue;
            }
            int v = d[row + c];
            if (v >= 0) {
                row = v;
            } else {
                row = -(v + 1);
                for (int id : outputs[row / WIDTH]) {
                    hits.hit(id);
                }
            }
        }
    }
}
