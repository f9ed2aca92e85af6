package dev.crashtriage.signature;

import com.google.re2j.Pattern;
import dev.crashtriage.input.LiteralExtractor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    /** Where a built-in's branches find their literals (the build's extraction); null for a user's pattern. */
    private final Extracted extracted;

    /**
     * What {@link LiteralExtractor} gives for one regex source: its required literals (null: none), every literal
     * run, and its top-level alternatives (null: it does not split).
     */
    record Literals(List<String> required, List<String> confirm, List<String> alternatives) {
        static Literals of(String source) {
            return new Literals(LiteralExtractor.requiredLiterals(source), LiteralExtractor.allRuns(source),
                    LiteralExtractor.topLevelAlternatives(source));
        }
    }

    /**
     * The built-in patterns' literals as the build extracted them ({@link CompactCatalog}), so that a start does
     * not run the extractor on every built-in pattern again. A source the table lacks is extracted here; a
     * recording table (the build's) keeps what it extracted.
     */
    static final class Extracted {
        private final Map<String, Literals> bySource;
        private final boolean recording;

        private Extracted(Map<String, Literals> bySource, boolean recording) {
            this.bySource = bySource;
            this.recording = recording;
        }

        /** The table a compact catalogue carries. */
        static Extracted of(Map<String, Literals> bySource) {
            return new Extracted(bySource, false);
        }

        /** An empty table that keeps every source it is asked about (the build fills the catalogue's with it). */
        static Extracted recording() {
            return new Extracted(new HashMap<>(), true);
        }

        Literals of(String source) {
            Literals l = bySource.get(source);
            if (l == null) {
                l = Literals.of(source);
                if (recording) {
                    bySource.put(source, l);
                }
            }
            return l;
        }

        Map<String, Literals> bySource() {
            return bySource;
        }
    }

    private LinePattern(String source, boolean isRegex, Pattern regex, List<String> required, List<String> confirm,
                        Extracted extracted) {
        this.source = source;
        this.isRegex = isRegex;
        this.regex = regex;
        this.required = required;
        this.confirm = confirm;
        this.extracted = extracted;
    }

    /** A regex already compiled (and so validated) by the caller. */
    static LinePattern regex(String source, Pattern compiled) {
        return new LinePattern(source, true, Objects.requireNonNull(compiled), LiteralExtractor.requiredLiterals(source),
                LiteralExtractor.allRuns(source), null);
    }

    /** A regex validated at build time (built-ins), compiled the first time a line reaches it. */
    static LinePattern compiledOnFirstUse(String source) {
        return compiledOnFirstUse(source, Extracted.of(Map.of()));
    }

    /** {@link #compiledOnFirstUse(String)} with the literals the build extracted, where it has them. */
    static LinePattern compiledOnFirstUse(String source, Extracted extracted) {
        Literals l = extracted.of(source);
        return new LinePattern(source, true, null, l.required(), l.confirm(), extracted);
    }

    static LinePattern literal(String text) {
        boolean ascii = text.chars().allMatch(c -> c < 128);
        return new LinePattern(text, false, null, ascii && !text.isEmpty() ? List.of(text) : null, List.of(), null);
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
        List<String> branches = extracted != null ? extracted.of(source).alternatives()
                : LiteralExtractor.topLevelAlternatives(source);
        if (branches == null || branches.size() < 2) {
            return List.of(this);
        }
        boolean eager = regex != null;
        List<LinePattern> out = new ArrayList<>();
        for (String b : branches) {
            try {
                LinePattern lp = eager ? regex(b, Pattern.compile(b)) : compiledOnFirstUse(b, extracted);
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
