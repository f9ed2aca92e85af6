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
    /** An input could not be read or held no kernel log, or the report could not be written (the other inputs were still analysed and reported). */
    public static final int INPUT_ERROR = 4;
    /** The fleet store could not be opened or written: locked, full, read-only, newer schema, unreachable. */
    public static final int STORE_ERROR = 5;
    /** Interrupted (Ctrl-C). */
    public static final int INTERRUPTED = 130;
    /** A bug in crashtriage. */
    public static final int INTERNAL = 70;

    /** Every code a command may exit with; anything else is a bug. */
    public static final java.util.Set<Integer> DOCUMENTED =
            java.util.Set.of(OK, FINDINGS, USAGE, SIGNATURE_ERROR, INPUT_ERROR, STORE_ERROR, INTERNAL, INTERRUPTED);

    /** The exit-code table every command's --help ends with. */
    static final String[] HELP_FOOTER = {
        "  0    nothing found at or above --fail-on (and nothing new against --baseline)",
        "  1    incidents or causes found at or above --fail-on",
        "  2    usage error",
        "  3    signature or config error (signature file, .crashtriage.yml, baseline)",
        "  4    input error: an input could not be read or held no kernel log (empty,",
        "       binary, dmesg's 'Operation not permitted'...), or the report not written",
        "       (the other inputs are still analysed and reported)",
        "  5    fleet store error: locked, full, read-only, newer schema or unreachable",
        "  70   internal error (a bug: run again with --stacktrace and report it)",
        "  130  interrupted (Ctrl-C); a report going to a file is ended as partial"};

    private ExitCodes() {
    }
}
