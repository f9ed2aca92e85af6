package dev.crashtriage.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * SIGTERM, SIGINT and SIGHUP taken over for a long-running command (crashtriage listen): the JVM's own handling
 * of TERM and INT runs shutdown hooks and exits 143/130 while the command is still working; a daemon must rather
 * stop receiving, finish what it holds and exit 0, and reopen its files on HUP. Uses {@code sun.misc.Signal}
 * (module jdk.unsupported), the only signal API the JDK has; where it is missing or refused (a JVM run with
 * -Xrs), {@link #install} reports which signals it could not take and the JVM's defaults stay.
 */
final class ProcessSignals implements AutoCloseable {
    private final List<Object[]> previous = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();

    static ProcessSignals install(Runnable onStop, Runnable onHangup) {
        ProcessSignals s = new ProcessSignals();
        s.handle("TERM", onStop);
        s.handle("INT", onStop);
        s.handle("HUP", onHangup);
        return s;
    }

    @SuppressWarnings("removal")
    private void handle(String name, Runnable action) {
        try {
            sun.misc.Signal sig = new sun.misc.Signal(name);
            sun.misc.SignalHandler old = sun.misc.Signal.handle(sig, s -> action.run());
            previous.add(new Object[] {sig, old});
        } catch (IllegalArgumentException | LinkageError e) {
            failed.add(name);
        }
    }

    /** Signals that kept the JVM's default handling. */
    List<String> failed() {
        return failed;
    }

    @Override
    public void close() {
        for (Object[] p : previous) {
            try {
                sun.misc.Signal.handle((sun.misc.Signal) p[0], (sun.misc.SignalHandler) p[1]);
            } catch (IllegalArgumentException e) {
                // leave it: the process is ending
            }
        }
        previous.clear();
    }
}
