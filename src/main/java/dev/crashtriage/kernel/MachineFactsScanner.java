package dev.crashtriage.kernel;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link MachineFacts} from the boot messages of a kernel log. Fed by {@link FactsCollector} with the
 * kernel lines that none of its own facts claimed; each check is gated on the first character, and the
 * patterns run only on lines that passed the gate.
 *
 * <p>The wordings, as printed by the kernel and its drivers (seen in public logs):
 * <ul>
 *   <li>"Hypervisor detected: VMware" (x86 hypervisor detection; github.com/Peter-Moller/system-info/issues/9),
 *       "Booting paravirtualized kernel on KVM" (github.com/speed47/spectre-meltdown-checker/pull/277);</li>
 *   <li>"Total of 2 processors activated (11999.62 BogoMIPS)." (2.6-era x86 smpboot), "Brought up 2 CPUs",
 *       "smp: Brought up 1 node, 2 CPUs" (later kernels);</li>
 *   <li>"Memory: 382252k/393204k available (1314k kernel code, ...)" (2.4/2.6, www.techtown.it InfoLinux),
 *       "Memory: 16318596K/16776760K available" (later kernels): the second number is the total;</li>
 *   <li>"tg3.c:v3.92 (May 2, 2008 )" (blogpeter.wordpress.com/2008/06/05/die-netzwerkkarte): the
 *       {@code <driver>.c:v<version>} banner many network drivers print; "Fusion MPT base driver 3.04.07"
 *       (the LSI mpt drivers VMware guests use); "e1000e: Intel(R) PRO/1000 Network Driver - 1.5.1-k" (the
 *       {@code <driver>: ... Driver - <version>} banner of Intel's drivers);</li>
 *   <li>"  Vendor: VMware    Model: Virtual disk" (the SCSI scan on VMware guests whose kernel predates
 *       hypervisor detection), and DMI/"Hardware name:" strings naming a virtual platform.</li>
 * </ul>
 */
final class MachineFactsScanner {
    private static final int MAX_DRIVERS = 200;

    private static final Pattern TOTAL_CPUS = Pattern.compile("Total of (\\d+) processors activated");
    private static final Pattern BROUGHT_UP = Pattern.compile("(?:smp: )?Brought up (?:\\d+ nodes?, )?(\\d+) CPUs?");
    private static final Pattern MEMORY = Pattern.compile("Memory: (\\d+)[kK]/(\\d+)[kK] available");
    private static final Pattern DOT_C_VERSION = Pattern.compile("^([a-z][a-z0-9_-]*)\\.c:v(\\d+\\.\\d+[\\w.-]*)");
    private static final Pattern DASH_VERSION = Pattern.compile("^([a-z][a-z0-9_]*): .*[Dd]river - (?:version )?v?(\\d+\\.\\d+[\\w.-]*)\\s*$");
    private static final Pattern FUSION_MPT = Pattern.compile("^Fusion MPT (base|SPI Host|SAS Host|FC Host|misc device \\(ioctl\\)) driver (\\d+\\.\\d+[\\w.-]*)");

    private String hypervisor;
    private Integer cpus;
    private Long memoryMb;
    private final Map<String, String> drivers = new LinkedHashMap<>();

    void accept(String t) {
        char c = t.charAt(0);
        switch (c) {
            case 'H' -> {
                if (t.startsWith("Hypervisor detected: ")) {
                    hypervisor = t.substring("Hypervisor detected: ".length()).trim();
                }
            }
            case 'B' -> {
                if (t.startsWith("Booting paravirtualized kernel on ")) {
                    String on = t.substring("Booting paravirtualized kernel on ".length()).trim();
                    if (hypervisor == null && !on.startsWith("bare hardware")) {
                        hypervisor = on;
                    }
                } else if (t.startsWith("Brought up ")) {
                    cpusFrom(BROUGHT_UP.matcher(t));
                }
            }
            case 's' -> {
                if (t.startsWith("smp: Brought up ")) {
                    cpusFrom(BROUGHT_UP.matcher(t));
                }
            }
            case 'T' -> {
                if (t.startsWith("Total of ")) {
                    cpusFrom(TOTAL_CPUS.matcher(t));
                }
            }
            case 'M' -> {
                if (t.startsWith("Memory: ")) {
                    Matcher m = MEMORY.matcher(t);
                    if (m.lookingAt() && memoryMb == null) {
                        memoryMb = Long.parseLong(m.group(2)) / 1024;
                    }
                }
            }
            case 'F' -> {
                if (t.startsWith("Fusion MPT ")) {
                    Matcher m = FUSION_MPT.matcher(t);
                    if (m.lookingAt()) {
                        driver(fusionModule(m.group(1)), m.group(2));
                    }
                }
            }
            case ' ', 'V' -> {
                int i = 0;
                while (i < t.length() && i < 8 && t.charAt(i) == ' ') {
                    i++;
                }
                if (hypervisor == null && t.startsWith("Vendor: VMware", i) && t.contains("Model: Virtual disk")) {
                    hypervisor = "VMware";
                }
            }
            default -> {
                if (c >= 'a' && c <= 'z') {
                    driverBanner(t);
                }
            }
        }
    }

    /**
     * "tg3.c:v3.119 (...)" and "e1000e: ... Driver - 1.5.1-k": both start with the driver's name as the first
     * word, so only the first word is looked at on the many lines that are neither.
     */
    private void driverBanner(String t) {
        int space = t.indexOf(' ');
        if (space < 0 || space > 40) {
            return;
        }
        int dot = 1;
        while (dot < space && t.charAt(dot) != '.') {
            dot++;
        }
        if (dot < space && t.startsWith(".c:v", dot)) {
            Matcher m = DOT_C_VERSION.matcher(t);
            if (m.lookingAt()) {
                driver(m.group(1), m.group(2));
            }
        } else if (t.charAt(space - 1) == ':' && t.indexOf("river - ", space) > 0) {
            Matcher m = DASH_VERSION.matcher(t);
            if (m.lookingAt()) {
                driver(m.group(1), m.group(2));
            }
        }
    }

    private void cpusFrom(Matcher m) {
        if (m.lookingAt()) {
            // the last boot's count wins: a guest may be given more vCPUs between boots
            cpus = Integer.parseInt(m.group(1));
        }
    }

    private void driver(String name, String version) {
        if (drivers.containsKey(name) || drivers.size() < MAX_DRIVERS) {
            drivers.put(name, version);
        }
    }

    /** The module each Fusion MPT banner belongs to (drivers/message/fusion). */
    private static String fusionModule(String kind) {
        return switch (kind) {
            case "base" -> "mptbase";
            case "SPI Host" -> "mptspi";
            case "SAS Host" -> "mptsas";
            case "FC Host" -> "mptfc";
            default -> "mptctl";
        };
    }

    /** The hypervisor a DMI / "Hardware name:" string names, or null for physical hardware. */
    static String hypervisorOfHardware(String hardware) {
        if (hardware == null) {
            return null;
        }
        String h = hardware.toLowerCase(Locale.ROOT);
        if (h.startsWith("vmware")) {
            return "VMware";
        }
        if (h.startsWith("qemu") || h.contains("kvm")) {
            return "KVM";
        }
        if (h.startsWith("xen")) {
            return "Xen";
        }
        if (h.startsWith("innotek") || h.contains("virtualbox")) {
            return "VirtualBox";
        }
        if (h.startsWith("microsoft corporation virtual machine")) {
            return "Microsoft HyperV";
        }
        return null;
    }

    /**
     * A DMI string that names no virtual platform, with no hypervisor line, is a physical machine: "none",
     * so that the fleet view can compare VMware guests with bare metal (and not only with other guests).
     */
    MachineFacts finish(String hardware) {
        String hv = hypervisor != null ? hypervisor : hypervisorOfHardware(hardware);
        if (hv == null && hardware != null) {
            hv = "none";
        }
        return new MachineFacts(hv, cpus, memoryMb, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(drivers)));
    }
}
