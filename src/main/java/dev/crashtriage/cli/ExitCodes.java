package dev.crashtriage.cli;

/** The exit-code contract. Findings never share a code with failures. */
public final class ExitCodes {
    /** Nothing found at or above --fail-on. */
    public static final int OK = 0;
    /** Incidents or causes found at or above --fail-on. */
    public static final int FINDINGS = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** A signature file could not be loaded. */
    public static final int SIGNATURE_ERROR = 3;
    /** An input could not be read (the others were still analysed and reported). */
    public static final int INPUT_ERROR = 4;
    /** Interrupted (Ctrl-C). */
    public static final int INTERRUPTED = 130;
    /** A bug in crashtriage. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
