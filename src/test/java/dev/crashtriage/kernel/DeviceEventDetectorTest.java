package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Device events: one line per subsystem, taken from the real samples of the signatures that explain them
 * (signatures/&lt;area&gt;/&lt;id&gt;/positive-*.log), opens one device-event incident with its subsystem and device.
 */
class DeviceEventDetectorTest {

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        "[ 1.0] nvme nvme0: controller is down; will reset: CSTS=0xffffffff, PCI_STATUS=0x10 | nvme | nvme0",
        "[ 1.0] nvme nvme0: I/O 210 QID 4 timeout, completion polled | nvme | nvme0",
        "[ 1.0] megaraid_sas 0000:18:00.0: FW in FAULT state Fault code:0x10000 subcode:0x0 func:megasas_wait_for_outstanding_fusion | hba | megaraid_sas 0000:18:00.0",
        "[ 1.0] : mpt2sas0: fault_state(0x5841)! | hba | mpt2sas0",
        "[ 1.0]  connection2:0: detected conn error (1020) | iscsi | connection2:0",
        "[ 1.0] nfs: server batalix not responding, still trying | nfs | batalix",
        "[ 1.0] md/raid1:md0: sdb1: rescheduling sector 29365296 | md | md0",
        "[ 1.0] clocksource: timekeeping watchdog on CPU5: Marking clocksource 'tsc' as unstable because the skew is too large: | clocksource | tsc",
        "[ 1.0] CPU5: Core temperature above threshold, cpu clock throttled (total events = 2081) | thermal | ",
        "[ 1.0] thermal thermal_zone3: critical temperature reached (80 C), shutting down | thermal | thermal_zone3",
        "[ 1.0] pcieport 0000:00:1c.5: PCIe Bus Error: severity=Corrected, type=Physical Layer, id=00e5(Receiver ID) | pcie | ",
        "[ 1.0] DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault addr 0x7cd80000 [fault reason 0x01] Present bit in root entry is clear | iommu | ",
        "[ 1.0] AMD-Vi: Completion-Wait loop timed out | iommu | ",
        "[ 1.0] brcmsmac bcma0:1: Direct firmware load for brcm/bcm43xx-0.fw failed with error -2 | firmware | brcm/bcm43xx-0.fw",
        "[ 1.0] NVRM: Xid (PCI:0000:44:00): 79, GPU has fallen off the bus | gpu | ",
        "[ 1.0] i915 0000:00:02.0: GPU HANG: ecode 6:1:0xfffffffe, in kaffeine [2483], hang on rcs0 | gpu | ",
        "[ 1.0] [drm:amdgpu_job_timedout [amdgpu]] *ERROR* ring gfx_0.0.0 timeout, signaled seq=228661, emitted seq=228662 | gpu | ",
        "[ 1.0] nf_conntrack: nf_conntrack: table full, dropping packet | conntrack | ",
        "[ 1.0] ena 0000:00:05.0 ens5: Found a Tx that wasn't completed on time, qid 4, index 219. | ena | ena 0000:00:05.0 ens5",
        "[ 1.0] VERIFY3(zfs_rs_get_end(rs, rt) >= end) failed (498722471936 >= 498724454400) | spl | ",
        "[ 1.0] bond0: link status up for interface enp0s20f0, enabling it in 0 ms | bonding | bond0",
        "[ 1.0] internet: link status down for interface eno4, disabling it in 200 ms | bonding | internet",
        "[ 1.0] bond-wan: (slave eth2): link status definitely down, disabling slave | bonding | bond-wan",
        "[ 1.0] device-mapper: multipath: 253:12: Failing path 69:64. | multipath | 253:12",
        "[ 1.0] device-mapper: dm-multipath: Failing path 8:96. | multipath | ",
        "[ 0.0] HugeTLB: allocating 64 of page size 1.00 GiB failed.  Only allocated 0 hugepages | hugetlb | ",
        "[ 0.0] HugeTLB: allocating 32 of page size 1.00 GiB failed node1.  Only allocated 3 hugepages. | hugetlb | ",
        "[ 0.6] x86/amd: Previous system reset reason [0x08000800]: an uncorrected error caused a data fabric sync flood event | reset-reason | ",
        // storvsc: both spellings of the host status field (hv before the rename, host after)
        "[ 1.0] hv_storvsc fd1d2cbd-ce7c-535c-966b-eb5f811c95f0: tag#683 cmd 0x28 status: scsi 0x2 srb 0x4 hv 0xc0000001 | storvsc | fd1d2cbd-ce7c-535c-966b-eb5f811c95f0",
        "[ 1.0] hv_storvsc fd1d2cbd-ce7c-535c-966b-eb5f811c95f0: tag#599 cmd 0x28 status: scsi 0x2 srb 0x4 host 0xc0000001 | storvsc | fd1d2cbd-ce7c-535c-966b-eb5f811c95f0",
    })
    void aTriggerLineOpensOneDeviceEvent(String line, String subsystem, String device) {
        String text = line.trim();
        assertTrue(DeviceEventDetector.candidate(text.substring(text.indexOf(']') + 1)), "the gate lets it through");
        List<IncidentBuilder> found = TestLogs.detect(new DeviceEventDetector(), TestLogs.records("t", text + "\n"));
        assertEquals(1, found.size());
        IncidentBuilder b = found.get(0);
        assertEquals(IncidentKind.DEVICE_EVENT, b.kind);
        assertEquals(subsystem, b.facts.get(Facts.SUBSYSTEM));
        assertEquals(device == null || device.isBlank() ? null : device.trim(), b.facts.get(Facts.DEVICE));
        assertEquals(1L, b.facts.get(Facts.EVENTS));
    }

    @Test
    void followUpLinesJoinTheBurstAndOtherDevicesOpenTheirOwn() {
        String log = """
                [11457.533097] nvme nvme2: I/O 0 QID 0 timeout, reset controller
                [11483.115530] nvme nvme2: Device not ready; aborting reset
                [11508.697977] nvme nvme2: Removing after probe failure status: -19
                [11508.698359] nvme2n1: detected capacity change from 800166076416 to 0
                [11508.698400] nvme nvme3: I/O 0 QID 0 timeout, reset controller
                """;
        List<IncidentBuilder> found = TestLogs.detect(new DeviceEventDetector(), TestLogs.records("t", log));
        assertEquals(2, found.size());
        assertEquals("nvme2", found.get(0).facts.get(Facts.DEVICE));
        assertEquals(3L, found.get(0).facts.get(Facts.EVENTS));
        assertEquals(4, found.get(0).endLine, "the capacity change is the driver's own follow-up");
        assertEquals("nvme3", found.get(1).facts.get(Facts.DEVICE));
    }

    @Test
    void eachMultipathMapIsItsOwnBurstAndAReinstatedPathJoinsIt() {
        // signatures/block/multipath-request-over-path-limit/positive-2.log and multipath-path-failure/positive-2.log
        String log = """
                [  307.192885] blk_insert_cloned_request: over max size limit. (4194304 > 65535)
                [  307.192892] device-mapper: multipath: 251:2: Failing path 8:128.
                [  307.192941] device-mapper: multipath: 251:2: Failing path 8:64.
                [  311.548555] device-mapper: multipath: 251:2: Reinstating path 8:128.
                [  312.000000] device-mapper: multipath: 253:3: Failing path 8:32.
                """;
        List<IncidentBuilder> found = TestLogs.detect(new DeviceEventDetector(), TestLogs.records("t", log));
        assertEquals(2, found.size());
        assertEquals("251:2", found.get(0).facts.get(Facts.DEVICE));
        assertEquals(2L, found.get(0).facts.get(Facts.EVENTS), "two failed paths; the reinstated one is a follow-up");
        assertEquals(4, found.get(0).endLine);
        assertEquals("253:3", found.get(1).facts.get(Facts.DEVICE));
    }

    @Test
    void aStorvscFloodIsOneBurstAndAnUnsupportedCommandOpensNothing() {
        // signatures/virt/hyperv-storvsc-host-io-error/positive-1.log, then negative-1.log's line: SRB status 0x86 is
        // SRB_STATUS_INVALID_REQUEST with the autosense flag (a command Hyper-V's virtual disk does not implement)
        String log = """
                [  249.512760] hv_storvsc fd1d2cbd-ce7c-535c-966b-eb5f811c95f0: tag#683 cmd 0x28 status: scsi 0x2 srb 0x4 hv 0xc0000001
                [  249.513169] hv_storvsc fd1d2cbd-ce7c-535c-966b-eb5f811c95f0: tag#683 cmd 0x28 status: scsi 0x2 srb 0x4 hv 0xc0000001
                [  249.513565] hv_storvsc fd1d2cbd-ce7c-535c-966b-eb5f811c95f0: tag#683 cmd 0x28 status: scsi 0x2 srb 0x4 hv 0xc0000001
                [ 3299.492206] hv_storvsc 565b810e-cd29-44f1-8135-81d820149f29: tag#1228 cmd 0xa1 status: scsi 0x2 srb 0x86 host 0xc0000001
                """;
        List<IncidentBuilder> found = TestLogs.detect(new DeviceEventDetector(), TestLogs.records("t", log));
        assertEquals(1, found.size());
        assertEquals("fd1d2cbd-ce7c-535c-966b-eb5f811c95f0", found.get(0).facts.get(Facts.DEVICE));
        assertEquals(3L, found.get(0).facts.get(Facts.EVENTS));
    }

    @Test
    void aContextLineAloneOpensNothing() {
        String log = """
                [ 1.0] nvme nvme0: Does your device have a faulty power saving mode enabled?
                [ 2.0] nfs: server batalix OK
                [ 3.0] clocksource: Switched to clocksource tsc
                [ 4.0] bond-wan: (slave wan): making interface the new active one
                [ 5.0] x86/amd: Previous system reset reason [0x00080800]: software wrote 0x6 to reset control register 0xCF9
                [ 6.0] x86/amd: Previous system reset reason [0x02000800]: hardware watchdog timer expired
                [ 7.0] HugeTLB: registered 1.00 GiB page size, pre-allocated 64 pages
                [ 8.0] hugetlbfs: disabling because there are no supported hugepage sizes
                """;
        assertTrue(TestLogs.detect(new DeviceEventDetector(), TestLogs.records("t", log)).isEmpty());
    }

    @Test
    void everySubsystemIsInTheTableOnce() {
        List<String> s = DeviceEventDetector.subsystems();
        Set<String> seen = new HashSet<>(s);
        assertEquals(seen.size(), s.size());
        assertFalse(s.contains("kdump"), "no signature explains it: its real samples are user-space lines only");
    }
}
