package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Boot messages in the wordings cited in MachineFactsScanner, and the near misses that must not count. */
class MachineFactsScannerTest {
    private static MachineFacts scan(String hardware, String... lines) {
        MachineFactsScanner s = new MachineFactsScanner();
        for (String l : lines) {
            s.accept(l);
        }
        return s.finish(hardware);
    }

    @Test
    void aCentos5VmwareGuest() {
        MachineFacts m = scan(null,
                "Memory: 2055524k/2097152k available (2459k kernel code, 41176k reserved, 1246k data, 208k init)",
                "Total of 2 processors activated (11999.62 BogoMIPS).",
                "Fusion MPT base driver 3.04.07rh",
                "Fusion MPT SPI Host driver 3.04.07rh",
                "  Vendor: VMware    Model: Virtual disk      Rev: 1.0 ");
        assertEquals("VMware", m.hypervisor());
        assertEquals(2, m.cpus());
        assertEquals(2048L, m.memoryMb());
        assertEquals(Map.of("mptbase", "3.04.07rh", "mptspi", "3.04.07rh"), m.driverVersions());
    }

    @Test
    void aBareMetalTg3Host() {
        MachineFacts m = scan("Dell Inc. PowerEdge R610/0F0XJ6, BIOS 6.1.0 10/18/2011",
                "Brought up 16 CPUs",
                "tg3.c:v3.119 (May 18, 2011)",
                "tg3 0000:02:00.0: eth0: Tigon3 [partno(BCM95709) rev 5709] (PCI Express) MAC address 00:10:18:aa:bb:cc",
                "e1000e: Intel(R) PRO/1000 Network Driver - 1.5.1-k");
        assertEquals("none", m.hypervisor(), "a DMI string of physical hardware");
        assertEquals(16, m.cpus());
        assertEquals(Map.of("tg3", "3.119", "e1000e", "1.5.1-k"), m.driverVersions());
    }

    @Test
    void newerKernelsWordings() {
        MachineFacts m = scan("VMware, Inc. VMware Virtual Platform/440BX Desktop Reference Platform, BIOS 6.00 12/12/2018",
                "smp: Brought up 1 node, 4 CPUs",
                "Memory: 16318596K/16776760K available (14339K kernel code, 2391K rwdata)");
        assertEquals("VMware", m.hypervisor());
        assertEquals(4, m.cpus());
        assertEquals(16383L, m.memoryMb());
        MachineFacts kvm = scan(null, "Hypervisor detected: KVM", "Booting paravirtualized kernel on KVM");
        assertEquals("KVM", kvm.hypervisor());
        assertEquals("none", scan("Supermicro X10DRi/X10DRi, BIOS 2.0 12/17/2015", "Booting paravirtualized kernel on bare hardware").hypervisor());
    }

    @Test
    void prose() {
        MachineFacts m = scan(null, "tg3 driver version is printed as tg3.c:v3.119 by the probe",
                "sd 0:0:0:0: [sda] Vendor: VMware", "Total of processors activated unknown");
        assertNull(m.hypervisor());
        assertNull(m.cpus());
        assertEquals(Map.of(), m.driverVersions());
    }
}
