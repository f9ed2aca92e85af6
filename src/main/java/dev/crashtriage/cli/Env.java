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
 */
public record Env(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env,
                  boolean stdinIsTty, boolean stdoutIsTty, Interrupts interrupts, boolean stderrIsTty) {

    /** A stderr that is not a terminal: no progress line. */
    public Env(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env,
               boolean stdinIsTty, boolean stdoutIsTty, Interrupts interrupts) {
        this(out, err, in, env, stdinIsTty, stdoutIsTty, interrupts, false);
    }

    /** An environment whose Ctrl-C is never fired: tests, the ToolProvider. */
    public Env(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env,
               boolean stdinIsTty, boolean stdoutIsTty) {
        this(out, err, in, env, stdinIsTty, stdoutIsTty, new Interrupts());
    }
}
