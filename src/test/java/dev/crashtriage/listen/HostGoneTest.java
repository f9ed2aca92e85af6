package dev.crashtriage.listen;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A host's last lines, as the kernel prints them (kernel/panic.c, kernel/reboot.c, kernel/kexec_core.c with and
 * without its pr_fmt prefix; the panic lines of syzkaller report 112), against the nearest lines that do not mean the
 * host is gone: a WARNING's trailer, systemd's and U-Boot's wording, and constructed near-misses of the prefixes.
 */
class HostGoneTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "---[ end Kernel panic - not syncing: Fatal exception ]---",
        "Rebooting in 86400 seconds..",
        "reboot: Restarting system",
        "reboot: Restarting system with command 'recovery'",
        "reboot: System halted",
        "reboot: Power down",
        "kexec_core: Starting new kernel",
        "Starting new kernel",
    })
    void theKernelsLastLinesSayTheHostIsGone(String line) {
        assertEquals(HostGone.GONE, HostGone.of(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Kernel panic - not syncing: Fatal exception",
        "Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009",
    })
    void aPanicSaysTheHostIsGoing(String line) {
        assertEquals(HostGone.PANICKING, HostGone.of(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "---[ end trace 05ef833e13705a0a ]---",
        "Kernel Offset: disabled",
        "systemd-shutdown[1]: Rebooting.",
        "reboot: machine restart",
        "Rebooting in progress",
        "kexec_core: crashkernel: memory value expected",
        "Starting kernel ...",
        "",
    })
    void lookAlikesSayNothing(String line) {
        assertEquals(HostGone.NO, HostGone.of(line));
    }
}
