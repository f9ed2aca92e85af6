package dev.crashtriage.input;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds literals that every match of a regex must contain, so that a pattern only runs on lines
 * holding one of them (signature patterns in {@code signature/}, detector tables in {@code kernel/}: it
 * lives in {@code input/} so that both read one implementation). Neither re2j nor java.util.regex has
 * such an API, so this reads the common shapes of the patterns
 * and gives up (returns null: "always run the regex") whenever it is not sure. Per top-level
 * alternative it keeps the longest run of plain characters that no quantifier makes optional.
 */
public final class LiteralExtractor {
    /** Shorter literals would let through most lines anyway. */
    public static final int MIN_LENGTH = 3;

    private LiteralExtractor() {
    }

    /** One literal per top-level alternative (any of them present lets the regex run), or null. */
    public static List<String> requiredLiterals(String regex) {
        if (unsupported(regex)) {
            return null;
        }
        List<String> branches = splitTopLevel(regex);
        if (branches == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String b : branches) {
            String lit = longest(runs(b));
            List<String> group = bestRequiredGroup(b);
            if (group != null && (lit == null || shortest(group) > lit.length())) {
                // a short run such as "EXT" is on one line in ten; one of a group's long alternatives rarely is
                for (String g : group) {
                    if (!out.contains(g)) {
                        out.add(g);
                    }
                }
                continue;
            }
            if (lit == null || lit.length() < MIN_LENGTH) {
                return null;
            }
            if (!out.contains(lit)) {
                out.add(lit);
            }
        }
        return out;
    }

    /**
     * Among the groups a branch cannot skip (no ?, * or {0 after them), the one whose required
     * literals (one per alternative inside it) have the longest shortest member; null if none has
     * literals for all of its alternatives. Every match of the branch holds a match of such a group,
     * hence one of its literals.
     */
    private static List<String> bestRequiredGroup(String branch) {
        List<String> best = null;
        int i = 0;
        while (i < branch.length()) {
            char c = branch.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                int end = classEnd(branch, i);
                if (end < 0) {
                    return null;
                }
                i = end + 1;
                continue;
            }
            if (c != '(') {
                i++;
                continue;
            }
            int end = groupEnd(branch, i);
            if (end < 0) {
                return null;
            }
            boolean optional = end < branch.length() && isQuantifier(branch, end)
                    && (branch.charAt(end) != '+' && !(branch.charAt(end) == '{' && !branch.startsWith("{0", end)));
            String inner = groupBody(branch.substring(i + 1, end - 1));
            if (!optional && inner != null) {
                List<String> lits = requiredLiterals(inner);
                if (lits != null && (best == null || shortest(lits) > shortest(best))) {
                    best = lits;
                }
            }
            i = end;
        }
        return best;
    }

    /** The pattern inside a group, past a "?:" or "?P<name>" marker; null for other "(?" forms (flags). */
    private static String groupBody(String body) {
        if (!body.startsWith("?")) {
            return body;
        }
        if (body.startsWith("?:")) {
            return body.substring(2);
        }
        if (body.startsWith("?P<") && body.indexOf('>') > 0) {
            return body.substring(body.indexOf('>') + 1);
        }
        return null;
    }

    private static int shortest(List<String> literals) {
        int min = Integer.MAX_VALUE;
        for (String l : literals) {
            min = Math.min(min, l.length());
        }
        return min;
    }

    /**
     * Every literal run a match must contain, for a pattern without top-level alternatives (empty
     * otherwise or when unsure): checked with indexOf before the regex, they turn away most lines
     * that only share the prefilter's literal.
     */
    public static List<String> allRuns(String regex) {
        if (unsupported(regex)) {
            return List.of();
        }
        List<String> branches = splitTopLevel(regex);
        if (branches == null || branches.size() != 1) {
            return List.of();
        }
        List<String> runs = runs(branches.get(0));
        if (runs == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String r : runs) {
            if (r.length() >= 2 && !out.contains(r)) {
                out.add(r);
            }
        }
        return out;
    }

    private static String longest(List<String> runs) {
        if (runs == null) {
            return null;
        }
        String best = "";
        for (String r : runs) {
            if (r.length() > best.length()) {
                best = r;
            }
        }
        return best;
    }

    /** Shapes the extractor does not read: case folding, quoting, hex and Unicode escapes. */
    private static boolean unsupported(String regex) {
        return hasCaseInsensitiveFlag(regex) || regex.contains("\\Q") || regex.contains("\\x") || regex.contains("\\p")
                || regex.contains("\\P");
    }

    private static boolean hasCaseInsensitiveFlag(String r) {
        int i = r.indexOf("(?");
        while (i >= 0) {
            for (int k = i + 2; k < r.length(); k++) {
                char c = r.charAt(k);
                if (c == 'i') {
                    return true;
                }
                if (!Character.isLetter(c) && c != '-') {
                    break;
                }
            }
            i = r.indexOf("(?", i + 2);
        }
        return false;
    }

    /** The top-level alternatives of a pattern, or null when it is unbalanced. */
    public static List<String> topLevelAlternatives(String regex) {
        return splitTopLevel(regex);
    }

    /** Splits on '|' outside groups and classes; null when the pattern is unbalanced. */
    private static List<String> splitTopLevel(String r) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        int i = 0;
        while (i < r.length()) {
            char c = r.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                int end = classEnd(r, i);
                if (end < 0) {
                    return null;
                }
                i = end + 1;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                out.add(r.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        if (depth != 0) {
            return null;
        }
        out.add(r.substring(start));
        return out;
    }

    /** Index of the ']' closing the class opened at i, or -1. */
    private static int classEnd(String r, int i) {
        int k = i + 1;
        if (k < r.length() && r.charAt(k) == '^') {
            k++;
        }
        if (k < r.length() && r.charAt(k) == ']') {
            k++;
        }
        while (k < r.length()) {
            char c = r.charAt(k);
            if (c == '\\') {
                k += 2;
                continue;
            }
            if (c == '[' && k + 1 < r.length() && r.charAt(k + 1) == ':') {
                int end = r.indexOf(":]", k + 2);
                if (end < 0) {
                    return -1;
                }
                k = end + 2;
                continue;
            }
            if (c == ']') {
                return k;
            }
            k++;
        }
        return -1;
    }

    /** Index just past the ')' closing the group opened at i, or -1. */
    private static int groupEnd(String r, int i) {
        int depth = 0;
        int k = i;
        while (k < r.length()) {
            char c = r.charAt(k);
            if (c == '\\') {
                k += 2;
                continue;
            }
            if (c == '[') {
                int end = classEnd(r, k);
                if (end < 0) {
                    return -1;
                }
                k = end + 1;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return k + 1;
                }
            }
            k++;
        }
        return -1;
    }

    /** The runs of plain characters every match contains, in order; null when the shape is not understood. */
    private static List<String> runs(String r) {
        StringBuilder run = new StringBuilder();
        List<String> best = new ArrayList<>();
        int i = 0;
        while (i < r.length()) {
            char c = r.charAt(i);
            char lit;
            int next;
            if (c == '\\') {
                if (i + 1 >= r.length()) {
                    return null;
                }
                char e = r.charAt(i + 1);
                if (!Character.isLetterOrDigit(e) && e < 128) {
                    lit = e;
                    next = i + 2;
                } else {
                    close(best, run);
                    run.setLength(0);
                    i = skipQuantifier(r, i + 2);
                    continue;
                }
            } else if (c == '[') {
                int end = classEnd(r, i);
                if (end < 0) {
                    return null;
                }
                close(best, run);
                run.setLength(0);
                i = skipQuantifier(r, end + 1);
                continue;
            } else if (c == '(') {
                int end = groupEnd(r, i);
                if (end < 0) {
                    return null;
                }
                close(best, run);
                run.setLength(0);
                i = skipQuantifier(r, end);
                continue;
            } else if (c == '.' || c == '^' || c == '$' || c >= 128) {
                close(best, run);
                run.setLength(0);
                i = skipQuantifier(r, i + 1);
                continue;
            } else if (c == '*' || c == '+' || c == '?' || c == '{' || c == ')' || c == '|') {
                // a quantifier with nothing before it, or a stray bracket: not a shape worth guessing about
                return null;
            } else {
                lit = c;
                next = i + 1;
            }
            if (next < r.length() && isQuantifier(r, next)) {
                char q = r.charAt(next);
                boolean optional = q == '?' || q == '*' || (q == '{' && r.startsWith("{0", next));
                if (!optional) {
                    run.append(lit);
                }
                close(best, run);
                run.setLength(0);
                if (!optional) {
                    // the last repetition is followed directly by what comes next: "a +D +" holds " D "
                    run.append(lit);
                }
                i = skipQuantifier(r, next);
                continue;
            }
            run.append(lit);
            i = next;
        }
        close(best, run);
        return best;
    }

    private static boolean isQuantifier(String r, int i) {
        char q = r.charAt(i);
        return q == '?' || q == '*' || q == '+' || (q == '{' && i + 1 < r.length() && Character.isDigit(r.charAt(i + 1)));
    }

    private static int skipQuantifier(String r, int i) {
        if (i >= r.length() || !isQuantifier(r, i)) {
            return i;
        }
        if (r.charAt(i) == '{') {
            int end = r.indexOf('}', i);
            i = end < 0 ? r.length() : end + 1;
        } else {
            i++;
        }
        if (i < r.length() && (r.charAt(i) == '?' || r.charAt(i) == '+')) {
            i++;
        }
        return i;
    }

    private static void close(List<String> runs, StringBuilder run) {
        if (run.length() > 0) {
            runs.add(run.toString());
        }
    }
}
