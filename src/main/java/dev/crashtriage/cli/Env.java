package dev.crashtriage.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;

/**
 * What a command may touch of the outside world, injected so tests and a ToolProvider can run
 * commands without a process.
 *
 * @param out          standard output
 * @param err          standard error
 * @param in           standard input
 * @param env          environment variables
 * @param stdinIsTty   whether stdin is a terminal (then "no path" means usage, not stdin)
 * @param stdoutIsTty  whether stdout is a terminal (colour is only used then)
 * @param interrupts   where a command registers what to do on Ctrl-C (only {@link Main} fires it)
 * @param stderrIsTty  whether stderr is a terminal (analyze's progress line is drawn only then)
 * @param terminalColumns the terminal's width when stdout is one (asked only then: it may load a native
 *                     library), 0 when unknown
 */
public record Env(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env,
                  boolean stdinIsTty, boolean stdoutIsTty, Interrupts interrupts, boolean stderrIsTty,
                  java.util.function.IntSupplier terminalColumns) {

    /** A stderr that is not a terminal: no progress line; no terminal width. */
    public Env(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env,
               boolean stdinIsTty, boolean stdoutIsTty, Interrupts interrupts) {
        this(out, err, in, env, stdinIsTty, stdoutIsTty, interrupts, false, () -> 0);
    }

    public Env(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env,
               boolean stdinIsTty, boolean stdoutIsTty, Interrupts interrupts, boolean stderrIsTty) {
        this(out, err, in, env, stdinIsTty, stdoutIsTty, interrupts, stderrIsTty, () -> 0);
    }

    /**
     * The width the text report fits in: $COLUMNS when set, else the terminal's own when stdout is one,
     * else 80 (a file, a pipe, a CI log).
     */
    public int reportWidth() {
        String columns = env.get("COLUMNS");
        if (columns != null && columns.matches("\\d{2,4}")) {
            return Integer.parseInt(columns);
        }
        if (stdoutIsTty) {
            int w = terminalColumns.getAsInt();
            if (w > 0) {
                return w;
            }
        }
        return 80;
    }

    /** An environment whose Ctrl-C is never fired: tests, the ToolProvider. */
    public Env(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env,
               boolean stdinIsTty, boolean stdoutIsTty) {
        this(out, err, in, env, stdinIsTty, stdoutIsTty, new Interrupts());
    }
}
