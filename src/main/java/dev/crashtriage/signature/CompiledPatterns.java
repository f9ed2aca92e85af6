package dev.crashtriage.signature;

import com.google.re2j.Pattern;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The regexes one catalogue load has already compiled, by source, so a pattern written in many files (a user's
 * copies of built-ins, one driver's message in several signatures) is compiled and has its literals extracted once.
 * Only patterns that compiled are kept: a bad one is compiled again where it is written, so each file still reports
 * its own error with its own file:line:column. re2j patterns and line patterns are immutable, so the files of a load
 * may share them, also across the threads that read the files.
 */
final class CompiledPatterns {
    private final Map<String, Pattern> regexes = new ConcurrentHashMap<>();
    private final Map<String, LinePattern> linePatterns = new ConcurrentHashMap<>();

    /** The compiled regex for a source, compiling it with {@code compile} (null: an error it reported) when new. */
    Pattern regex(String source, Function<String, Pattern> compile) {
        Pattern known = regexes.get(source);
        if (known != null) {
            return known;
        }
        Pattern compiled = compile.apply(source);
        if (compiled != null) {
            regexes.putIfAbsent(source, compiled);
        }
        return compiled;
    }

    /** The line pattern for a regex source and its compiled form: one per source, with its literals extracted once. */
    LinePattern linePattern(String source, Pattern compiled) {
        return linePatterns.computeIfAbsent(source, s -> LinePattern.regex(s, compiled));
    }
}
