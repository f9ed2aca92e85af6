package dev.crashtriage.signature;

import java.util.ArrayList;
import java.util.List;

/**
 * A comparison of a version found in a log with a bound: {@code below: '3.122'}.
 * Versions compare as dotted numbers, read up to the first character that is not a digit, a dot or
 * a dash ("2.6.18-128.el5" is 2.6.18.128), and only as many parts as the bound gives: the bound
 * states the precision, so "2.6.18-128.el5" equals "2.6.18" and is not above it.
 *
 * @param op      below | at_most | at_least | above | equals
 * @param version the bound as written
 */
public record VersionBound(String op, String version) {

    static final List<String> OPS = List.of("below", "at_most", "at_least", "above", "equals");

    public boolean test(String found) {
        long[] a = parts(found);
        long[] b = parts(version);
        if (a.length == 0 || b.length == 0) {
            return false;
        }
        int cmp = 0;
        for (int k = 0; k < b.length && cmp == 0; k++) {
            long x = k < a.length ? a[k] : 0;
            cmp = Long.compare(x, b[k]);
        }
        switch (op) {
            case "below": return cmp < 0;
            case "at_most": return cmp <= 0;
            case "at_least": return cmp >= 0;
            case "above": return cmp > 0;
            default: return cmp == 0;
        }
    }

    /** The numeric parts of a version, or an empty array when it does not start with a digit. */
    static long[] parts(String v) {
        if (v == null) {
            return new long[0];
        }
        String s = v.trim();
        if (s.startsWith("v")) {
            s = s.substring(1);
        }
        List<Long> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i)) && i - start < 18) {
                    i++;
                }
                out.add(Long.parseLong(s.substring(start, i)));
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
            } else if ((c == '.' || c == '-') && !out.isEmpty()) {
                i++;
            } else {
                break;
            }
        }
        long[] r = new long[out.size()];
        for (int k = 0; k < r.length; k++) {
            r[k] = out.get(k);
        }
        return r;
    }
}
