package dev.crashtriage.cli;

/**
 * The one thing to do when the process is told to stop (Ctrl-C, SIGTERM) while a command runs:
 * typically, end the report being written so what was analysed is not lost. {@link Main} fires it
 * from a JVM shutdown hook; a command clears it when it ends normally.
 */
public final class Interrupts {
    private volatile Runnable onInterrupt;
    private final boolean process;

    /** Interrupts that nothing fires: tests, the ToolProvider. */
    public Interrupts() {
        this(false);
    }

    /** @param process true only in {@link Main}: the command runs as its own process and may take over signals */
    public Interrupts(boolean process) {
        this.process = process;
    }

    /** True when the command owns the process, so it may handle SIGTERM/SIGHUP itself (crashtriage listen). */
    public boolean process() {
        return process;
    }

    public void onInterrupt(Runnable action) {
        this.onInterrupt = action;
    }

    public void clear() {
        this.onInterrupt = null;
    }

    /** Runs the registered action, if any; called from the shutdown hook. */
    public void fire() {
        Runnable r = onInterrupt;
        onInterrupt = null;
        if (r != null) {
            r.run();
        }
    }
}
