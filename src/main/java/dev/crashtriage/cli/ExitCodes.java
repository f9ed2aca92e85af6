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

    /** What each code means, as --help and the man pages print it. */
    private static final java.util.Map<Integer, String> MEANING = java.util.Map.of(
            OK, "nothing found at or above --fail-on (and nothing new against --baseline)",
            FINDINGS, "incidents or causes found at or above --fail-on",
            USAGE, "usage error",
            SIGNATURE_ERROR, "signature or config error (signature file, .crashtriage.yml, baseline)",
            INPUT_ERROR, "input error: an input could not be read or held no kernel log (empty, binary, dmesg's "
                    + "'Operation not permitted'...), or the report could not be written (the other inputs are "
                    + "still analysed and reported)",
            STORE_ERROR, "fleet store error: locked, full, read-only, newer schema or unreachable",
            INTERNAL, "internal error (a bug: run again with --stacktrace and report it)",
            INTERRUPTED, "interrupted (Ctrl-C); a report going to a file is ended as partial");

    /**
     * The exit-code list for one command's --help and man page: only the codes that command can
     * return, so {@code signatures list} does not promise a "findings" exit it never takes.
     */
    static java.util.Map<String, String> exitCodeList(java.util.List<Integer> codes) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        boolean findings = codes.contains(FINDINGS);
        for (int code : codes) {
            String meaning = code == OK && !findings ? "success" : MEANING.get(code);
            out.put(String.format(java.util.Locale.ROOT, "%4d", code), meaning);
        }
        return out;
    }

    private ExitCodes() {
    }
}
