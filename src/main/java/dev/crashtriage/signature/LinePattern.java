package dev.crashtriage.signature;

import com.google.re2j.Pattern;
import dev.crashtriage.input.LiteralExtractor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One pattern of a {@code lines} or {@code version} selection: its source, the literals the prefilter screens lines
 * with, and the re2j regex. A built-in pattern (validated when the build wrote the compact catalogue) is compiled on
 * first use: most never see a line their literal screen lets through, and compiling all of them was close to half
 * of loading the catalogue. A user's pattern is compiled at load, so its errors name file:line:column.
 */
public final class LinePattern {
    private final String source;
    private final boolean isRegex;
    private final List<String> required;
    private final List<String> confirm;
    /** Compiled once, on first use; a racing second compile gives an equal pattern, so no lock. */
    private volatile Pattern regex;
    /**
     * The split into alternatives, made once: one catalogue load gives every file that writes the same regex the
     * same pattern ({@link CompiledPatterns}), so ten copies of a signature split and compile their branches once.
     * A racing second split gives an equal list, so no lock.
     */
    private volatile List<LinePattern> alternatives;

    private LinePattern(String source, boolean isRegex, Pattern regex, List<String> required, List<String> confirm) {
        this.source = source;
        this.isRegex = isRegex;
        this.regex = regex;
        this.required = required;
        this.confirm = confirm;
    }

    /** A regex already compiled (and so validated) by the caller. */
    static LinePattern regex(String source, Pattern compiled) {
        return new LinePattern(source, true, Objects.requireNonNull(compiled), LiteralExtractor.requiredLiterals(source),
                LiteralExtractor.allRuns(source));
    }

    /** A regex validated at build time (built-ins), compiled the first time a line reaches it. */
    static LinePattern compiledOnFirstUse(String source) {
        return new LinePattern(source, true, null, LiteralExtractor.requiredLiterals(source),
                LiteralExtractor.allRuns(source));
    }

    static LinePattern literal(String text) {
        boolean ascii = text.chars().allMatch(c -> c < 128);
        return new LinePattern(text, false, null, ascii && !text.isEmpty() ? List.of(text) : null, List.of());
    }

    /** The pattern as written. */
    public String source() {
        return source;
    }

    /** The compiled re2j regex, or null for a plain substring ({@code literal:}). */
    public Pattern regex() {
        if (!isRegex) {
            return null;
        }
        Pattern p = regex;
        if (p == null) {
            p = Pattern.compile(source);
            regex = p;
        }
        return p;
    }

    /** Literals one of which every matching line contains (for the prefilter), or null: always try. */
    public List<String> required() {
        return required;
    }

    /** Literals every matching line contains, all checked before the regex runs (may be empty). */
    public List<String> confirm() {
        return confirm;
    }

    /** Whether the regex waits for its first use (a built-in nothing has reached yet). */
    boolean compiledYet() {
        return !isRegex || regex != null;
    }

    /**
     * The pattern as separately compiled top-level alternatives, each with its own literals, so the prefilter runs
     * only the alternative whose literal it found; a line matches the pattern iff it matches one of them. Returns
     * this pattern alone when splitting could change its meaning (inline flags) or gains nothing. A pattern compiled
     * on first use splits into alternatives compiled on first use: the build checked that every branch compiles
     * ({@link CompactCatalogWriter}), so the split is the one an eager load makes.
     */
    List<LinePattern> alternatives() {
        List<LinePattern> split = alternatives;
        if (split == null) {
            split = split();
            alternatives = split;
        }
        return split;
    }

    private List<LinePattern> split() {
        if (!isRegex || required == null || required.size() < 2 || source.contains("(?")) {
            return List.of(this);
        }
        List<String> branches = LiteralExtractor.topLevelAlternatives(source);
        if (branches == null || branches.size() < 2) {
            return List.of(this);
        }
        boolean eager = regex != null;
        List<LinePattern> out = new ArrayList<>();
        for (String b : branches) {
            try {
                LinePattern lp = eager ? regex(b, Pattern.compile(b)) : compiledOnFirstUse(b);
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
        if (!isRegex) {
            return text.contains(source);
        }
        for (int i = 0, n = confirm.size(); i < n; i++) {
            if (text.indexOf(confirm.get(i)) < 0) {
                return false;
            }
        }
        return regex().matcher(text).find();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinePattern p && p.isRegex == isRegex && p.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode() * 31 + (isRegex ? 1 : 0);
    }

    /** The text a record would print, with the regex as its source whether compiled yet or not. */
    @Override
    public String toString() {
        return "LinePattern[source=" + source + ", regex=" + (isRegex ? source : null) + ", required=" + required
                + ", confirm=" + confirm + "]";
    }
}
