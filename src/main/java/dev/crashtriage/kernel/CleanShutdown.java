package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

/**
 * Lines that say the machine is going down on purpose: after one of them, the next boot is not an unclean reboot.
 * Userspace's (syslogd exiting, shutdown(8), systemd) and the kernel's own (checked against kernel/reboot.c,
 * virt/kvm/kvm_main.c and drivers/acpi/sleep.c).
 */
public final class CleanShutdown {
    /**
     * The kernel's very last line before the machine restarts, halts, powers off or jumps into a kexec'd kernel:
     * kernel/reboot.c (pr_fmt "reboot: ") and kernel/kexec_core.c ("Starting new kernel", "kexec_core: " in front
     * where it has its pr_fmt).
     */
    private static final String[] KERNEL_LAST_LINES = {
        "reboot: Restarting system", "reboot: System halted", "reboot: Power down", "kexec_core: Starting new kernel",
        "Starting new kernel",
    };

    private CleanShutdown() {
    }

    /** True for {@link #KERNEL_LAST_LINES}: nothing more comes from this boot (the live receiver's "host gone"). */
    public static boolean isKernelLastLine(String t) {
        for (String s : KERNEL_LAST_LINES) {
            if (t.startsWith(s)) {
                return true;
            }
        }
        return false;
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
        if (c != 'r' && c != 'S' && c != 'R' && c != 'P' && c != 's' && c != 'J' && c != 'k' && c != 'K' && c != 'A') {
            return false; // cheap exit for nearly every line
        }
        // The kernel's own last words on a clean shutdown, also in kern.log and `journalctl -k` which carry no
        // userspace shutdown lines: kvm_shutdown() "kvm: exiting hardware virtualization" (a reboot notifier),
        // acpi_sleep_prepare() "ACPI: [PM: ]Preparing to enter system sleep state S5" (power off; S3 is suspend),
        // kernel/reboot.c "reboot: Restarting system" / "reboot: Power down" / "reboot: System halted", and
        // systemd-shutdown's kmsg lines, named "shutdown[1]:" in some initramfs builds.
        if (t.startsWith("kvm: exiting hardware virtualization") || t.startsWith("shutdown[1]: ")
                || (c == 'A' && t.startsWith("ACPI: ") && t.endsWith("Preparing to enter system sleep state S5"))) {
            return true;
        }
        // sysvinit-era shutdowns: shutdown(8) announces it, then klogd (which logs as "kernel") stops
        return t.startsWith("shutting down for system ") || t.startsWith("Kernel log daemon terminating")
                || t.startsWith("reboot: ") || t.startsWith("System halted") || t.startsWith("Restarting system")
                || t.startsWith("Power down") || t.startsWith("systemd-shutdown") || t.startsWith("Journal stopped")
                || t.startsWith("Reached target Shutdown") || t.startsWith("Reached target Final Step")
                || t.startsWith("Reached target System Reboot") || t.startsWith("Reached target System Power Off")
                || isKernelLastLine(t);
    }
}
