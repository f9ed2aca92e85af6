package dev.crashtriage.signature;

/**
 * A log line cited in support of a cause.
 *
 * @param source the input it is in
 * @param line   1-based line number in that input
 * @param text   the line's text
 */
public record Evidence(String source, long line, String text) {
}
