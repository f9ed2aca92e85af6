package dev.crashtriage.input;

/**
 * Something wrong with one input that did not stop the others: missing file, unreadable
 * directory, damaged archive, line cut at the length cap...
 *
 * @param source  the input as the user named it
 * @param message one line saying what went wrong
 * @param fatal   true when the input could not be read at all (or only partly) and the exit code must say so
 */
public record InputProblem(String source, String message, boolean fatal) {
}
