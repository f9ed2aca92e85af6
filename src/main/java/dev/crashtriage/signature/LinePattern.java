package dev.crashtriage.signature;

import com.google.re2j.Pattern;

import java.util.List;

/**
 * One pattern of a {@code lines} or {@code version} selection, compiled.
 *
 * @param source   the pattern as written
 * @param regex    the compiled re2j regex, or null for a plain substring ({@code literal:})
 * @param required literals one of which every matching line contains (for the prefilter), or null: always try
 */
public record LinePattern(String source, Pattern regex, List<String> required) {

    static LinePattern regex(String source, Pattern compiled) {
        return new LinePattern(source, compiled, LiteralExtractor.requiredLiterals(source));
    }

    static LinePattern literal(String text) {
        boolean ascii = text.chars().allMatch(c -> c < 128);
        return new LinePattern(text, null, ascii && !text.isEmpty() ? List.of(text) : null);
    }

    public boolean matches(String text) {
        return regex == null ? text.contains(source) : regex.matcher(text).find();
    }
}
