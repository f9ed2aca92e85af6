package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

/**
 * Lines that say the machine is going down on purpose: after one of them, the next boot is not an unclean reboot.
 */
final class CleanShutdown {
    private CleanShutdown() {
    }

    static boolean matches(LogRecord r, String t) {
        if ("systemd-shutdown".equals(r.program())) {
            return true;
        }
        if (t.isEmpty()) {
            return false;
        }
        char last = t.charAt(t.length() - 1);
        if ((last == '5' || last == '.') && (t.endsWith("exiting on signal 15") || t.endsWith("exiting on signal 15."))) {
            return true; // syslogd stopping at a sysvinit shutdown
        }
        char c = t.charAt(0);
        if (c != 'r' && c != 'S' && c != 'R' && c != 'P' && c != 's' && c != 'J' && c != 'k' && c != 'K') {
            return false; // cheap exit for nearly every line
        }
        // sysvinit-era shutdowns: shutdown(8) announces it, then klogd (which logs as "kernel") stops
        return t.startsWith("shutting down for system ") || t.startsWith("Kernel log daemon terminating")
                || t.startsWith("reboot: ") || t.startsWith("System halted") || t.startsWith("Restarting system")
                || t.startsWith("Power down") || t.startsWith("systemd-shutdown") || t.startsWith("Journal stopped")
                || t.startsWith("Reached target Shutdown") || t.startsWith("Reached target Final Step")
                || t.startsWith("Reached target System Reboot") || t.startsWith("Reached target System Power Off")
                || t.startsWith("Starting new kernel") || t.startsWith("kexec_core: Starting new kernel");
    }
}
