package dev.crashtriage.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The process entry point: wires the real streams and Ctrl-C, and exits with the command's code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** One run on the process's own streams and environment, up to the exit code (also the archive's training). */
    static int run(String[] args) {
        ProcessConsole console = ProcessConsole.detect();
        PrintWriter out = new PrintWriter(new BufferedWriter(
                new OutputStreamWriter(console.stdout(), StandardCharsets.UTF_8), 1 << 16));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        StartupClock.startIf(System.getenv("CRASHTRIAGE_TIMING"), err);
        Interrupts interrupts = new Interrupts(true);
        // On SIGINT the JVM runs its shutdown hooks and exits with 130 by itself; the hook only has to
        // end the report so that what was analysed is kept.
        Runtime.getRuntime().addShutdownHook(new Thread(interrupts::fire, "crashtriage-interrupt"));
        Env env = new Env(out, err, System.in, System.getenv(), console.stdinIsTty(), console.stdoutIsTty(),
                interrupts, console.stderrIsTty(), ProcessConsole::terminalColumns);
        int code = CommandLineFactory.run(env, args);
        interrupts.clear();
        StartupClock.mark("command run, output flushed");
        return code;
    }
}
