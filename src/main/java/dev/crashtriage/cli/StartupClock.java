package dev.crashtriage.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;

/**
 * Start-up markers for measuring where a short run's time goes (docs/performance.md): with
 * {@code CRASHTRIAGE_TIMING=1} in the environment, each phase prints its end time since the JVM started and its
 * own duration on stderr; otherwise every call is a no-op that loads nothing.
 */
final class StartupClock {
    private static volatile PrintWriter err;
    private static long last;
    private static long jvmStartMillis;

    private StartupClock() {
    }

    /** Turns the markers on when the environment asks for them (Main only). */
    static void startIf(String setting, PrintWriter to) {
        if (setting == null || setting.isEmpty() || "0".equals(setting)) {
            return;
        }
        jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        last = System.nanoTime();
        err = to;
        mark("JVM up, main entered");
    }

    static void mark(String phase) {
        PrintWriter to = err;
        if (to == null) {
            return;
        }
        long now = System.nanoTime();
        long sinceJvm = System.currentTimeMillis() - jvmStartMillis;
        to.printf("crashtriage: timing: %5d ms since JVM start, %5d ms in: %s%n", sinceJvm, (now - last) / 1_000_000, phase);
        to.flush();
        last = now;
    }
}
