package dev.crashtriage.kernel;

import java.util.List;

/**
 * What a log says about the kernel and machine it came from.
 *
 * @param version    kernel release ("2.6.18-128.7.1.el5"), or null
 * @param arch       architecture ("x86_64", "i386", "arm64"...), or null when it cannot be told
 * @param build      distribution build string ("#1 SMP Debian 3.2.32-1"), or null
 * @param hardware   "Hardware name:" / DMI string, or null
 * @param taint      last taint string seen, or null
 * @param taintFlags the taint decoded to words ("proprietary module", "out-of-tree module"...)
 * @param modules    union of "Modules linked in:" lists, in first-seen order
 * @param boots      boot sessions in order
 * @param machine    hypervisor, CPUs, memory and driver versions the boot messages told
 */
public record KernelFacts(String version, String arch, String build, String hardware, String taint,
                          List<String> taintFlags, List<String> modules, List<BootSession> boots,
                          MachineFacts machine) {

    /** Facts without machine facts (the shape before the fleet store needed them). */
    public KernelFacts(String version, String arch, String build, String hardware, String taint,
                       List<String> taintFlags, List<String> modules, List<BootSession> boots) {
        this(version, arch, build, hardware, taint, taintFlags, modules, boots, MachineFacts.empty());
    }

    public static KernelFacts empty() {
        return new KernelFacts(null, null, null, null, null, List.of(), List.of(), List.of());
    }
}
