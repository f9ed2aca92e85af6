package dev.crashtriage.signature;

import com.google.re2j.Pattern;
import dev.crashtriage.input.LiteralExtractor;

import java.util.List;

/**
 * One pattern of a {@code lines} or {@code version} selection, compiled.
 *
 * @param source   the pattern as written
 * @param regex    the compiled re2j regex, or null for a plain substring ({@code literal:})
 * @param required literals one of which every matching line contains (for the prefilter), or null: always try
 * @param confirm  literals every matching line contains, all checked before the regex runs (may be empty)
 */
public record LinePattern(String source, Pattern regex, List<String> required, List<String> confirm) {

    static LinePattern regex(String source, Pattern compiled) {
        return new LinePattern(source, compiled, LiteralExtractor.requiredLiterals(source),
                LiteralExtractor.allRuns(source));
    }

    static LinePattern literal(String text) {
        boolean ascii = text.chars().allMatch(c -> c < 128);
        return new LinePattern(text, null, ascii && !text.isEmpty() ? List.of(text) : null, List.of());
    }

    /**
     * The pattern as separately compiled top-level alternatives, each with its own literals, so the
     * prefilter runs only the alternative whose literal it found; a line matches the pattern iff it
     * matches one of them. Returns this pattern alone when splitting could change its meaning
     * (inline flags) or gains nothing.
     */
    List<LinePattern> alternatives() {
        if (regex == null || required == null || required.size() < 2 || source.contains("(?")) {
            return List.of(this);
        }
        List<String> branches = LiteralExtractor.topLevelAlternatives(source);
        if (branches == null || branches.size() < 2) {
            return List.of(this);
        }
        java.util.ArrayList<LinePattern> out = new java.util.ArrayList<>();
        for (String b : branches) {
            try {
                LinePattern lp = regex(b, Pattern.compile(b));
                if (lp.required() == null) {
                    return List.of(this);
                }
                out.add(lp);
            } catch (RuntimeException e) {
                return List.of(this);
            }
        }
        return List.copyOf(out);
    }

    public boolean matches(String text) {
        if (regex == null) {
            return text.contains(source);
        }
        for (int i = 0, n = confirm.size(); i < n; i++) {
            if (text.indexOf(confirm.get(i)) < 0) {
                return false;
            }
        }
        return regex.matcher(text).find();
    }
}
