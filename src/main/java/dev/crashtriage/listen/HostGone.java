package dev.crashtriage.listen;

import dev.crashtriage.kernel.CleanShutdown;

/**
 * What a host's own last lines say about whether it is still there, so that its last report is triaged at once
 * instead of after the quiet interval. From the kernel's sources:
 * <ul>
 *   <li>kernel/panic.c prints {@code Kernel panic - not syncing: ...}, then (with a panic timeout) {@code Rebooting in
 *       N seconds..} and restarts without another line, or (without one) its last line,
 *       {@code ---[ end Kernel panic - not syncing: ... ]---}, and spins;</li>
 *   <li>kernel/reboot.c prints, as the very last line before the machine restarts, halts or powers off,
 *       {@code Restarting system}, {@code Restarting system with command '...'}, {@code System halted} or
 *       {@code Power down} (with its {@code reboot: } prefix);</li>
 *   <li>kexec prints {@code Starting new kernel} before jumping into the next one ({@code kexec_core: } in front
 *       since kernel/kexec_core.c has its pr_fmt).</li>
 * </ul>
 * A sequence reset (the next boot's first message) says the same, and is seen by the reorder window.
 */
enum HostGone {
    /** Nothing said. */
    NO,
    /** The kernel panicked: a few lines more (its stack, the trailer) may follow, then nothing. */
    PANICKING,
    /** That was the host's last line. */
    GONE;

    private static final String PANIC = "Kernel panic - not syncing";
    private static final String PANIC_END = "---[ end Kernel panic";

    static HostGone of(String text) {
        if (text.isEmpty()) {
            return NO;
        }
        char c = text.charAt(0);
        if ((c == 'r' || c == 'k' || c == 'S') && CleanShutdown.isKernelLastLine(text)) {
            return GONE;
        } else if (c == 'R' && text.startsWith("Rebooting in ") && text.endsWith(" seconds..")) {
            return GONE;
        }
        // the panic lines as the crash detector finds them (anywhere in the text)
        if (text.contains(PANIC_END)) {
            return GONE;
        }
        return text.contains(PANIC) ? PANICKING : NO;
    }
}
