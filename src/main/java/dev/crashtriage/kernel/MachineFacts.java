package dev.crashtriage.kernel;

import java.util.Map;

/**
 * What a log says about the machine under the kernel, for telling hosts apart across a fleet: the
 * hypervisor, how many CPUs came up, how much memory the kernel saw, and the driver versions the drivers
 * printed when they loaded. Every field is what the log told; null (or empty) when it did not.
 *
 * @param hypervisor     "VMware", "KVM", "Xen", "Microsoft HyperV"...; "none" when a DMI string names a
 *                       physical machine; null when the log does not tell
 * @param cpus           CPUs brought up at boot (vCPUs on a guest), or null
 * @param memoryMb       memory the kernel reported at boot, in MiB, or null
 * @param driverVersions driver name to the version it announced ("tg3" to "3.119"), in first-seen order
 */
public record MachineFacts(String hypervisor, Integer cpus, Long memoryMb, Map<String, String> driverVersions) {

    public static MachineFacts empty() {
        return new MachineFacts(null, null, null, Map.of());
    }
}
