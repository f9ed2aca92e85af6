package dev.crashtriage.kernel;

import java.util.List;
import java.util.Map;

/**
 * What a log says about the kernel and machine it came from.
 *
 * @param version    kernel release ("2.6.18-128.7.1.el5"), or null
 * @param arch       architecture ("x86_64", "i386", "arm64"...), or null when it cannot be told
 * @param build      distribution build string ("#1 SMP Debian 3.2.32-1"), or null
 * @param hardware   "Hardware name:" / DMI string, or null
 * @param taint      last taint string seen, or null
 * @param taintFlags the taint decoded to words ("proprietary module", "out-of-tree module"...)
 * @param modules      union of "Modules linked in:" lists, in first-seen order: names only ("foo", never "foo(OE)")
 * @param boots        boot sessions in order (see {@link BootTracker})
 * @param moduleFlags  module name to the flags print_modules() put after it ("OE", "P", "-"), last seen wins
 * @param lastUnloaded the module of the last "[last unloaded: X]", or null
 * @param machine      hypervisor, CPUs, memory and driver versions the boot messages told
 */
public record KernelFacts(String version, String arch, String build, String hardware, String taint,
                          List<String> taintFlags, List<String> modules, List<BootSession> boots,
                          Map<String, String> moduleFlags, String lastUnloaded, MachineFacts machine) {

    /** Without module flags or last-unloaded module (hand-built facts in tests and renderers). */
    public KernelFacts(String version, String arch, String build, String hardware, String taint,
                       List<String> taintFlags, List<String> modules, List<BootSession> boots) {
        this(version, arch, build, hardware, taint, taintFlags, modules, boots, Map.of(), null, MachineFacts.empty());
    }

    /** Without machine facts. */
    public KernelFacts(String version, String arch, String build, String hardware, String taint,
                       List<String> taintFlags, List<String> modules, List<BootSession> boots,
                       Map<String, String> moduleFlags, String lastUnloaded) {
        this(version, arch, build, hardware, taint, taintFlags, modules, boots, moduleFlags, lastUnloaded,
                MachineFacts.empty());
    }

    public static KernelFacts empty() {
        return new KernelFacts(null, null, null, null, null, List.of(), List.of(), List.of());
    }

    /** The boot with this index, or null. */
    public BootSession boot(int index) {
        return index >= 0 && index < boots.size() && boots.get(index).index() == index ? boots.get(index) : null;
    }
}
