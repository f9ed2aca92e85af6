package dev.crashtriage.triage;

import dev.crashtriage.input.InputTarget;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A specific cause outranks the generic one only when the log carries the evidence that discriminates it: the same
 * kind of incident, with and without that evidence, through the whole pipeline and the built-in catalogue. The logs
 * are the signatures' own real samples (metadata and evidence markers removed).
 */
class SpecificOverGenericTest {

    @ParameterizedTest(name = "{0}: {1} over {2}")
    @CsvSource({
        // sample,                                                 specific first,                     generic below
        "net/e1000e-hardware-unit-hang/positive-1.log,            e1000e-hardware-unit-hang,          nic-tx-timeout",
        "net/intel-nic-tx-unit-hang/positive-2.log,               intel-nic-tx-unit-hang,             nic-tx-timeout",
        "mm/memcg-oom/positive-1.log,                             memcg-oom,                          oom-kill",
        "mm/memcg-oom/positive-2.log,                             memcg-oom,                          oom-kill",
        "mm/high-order-allocation-failure/positive-2.log,         high-order-allocation-failure,      page-allocation-failure",
        "virt/guest-soft-lockup-host-contention/positive-3.log,   guest-soft-lockup-host-contention,  soft-lockup",
        "block/scsi-device-offlined/positive-1.log,               scsi-device-offlined,               disk-io-error",
        "block/md-raid-member-failing/positive-2.log,             md-raid-member-failing,             disk-io-error",
        "fs/nfs-server-not-responding/positive-1.log,             nfs-server-not-responding,          hung-task",
        "fs/btrfs-bit-flip-ram/positive-1.log,                    btrfs-bit-flip-ram,                 fs-journal-abort",
        "fs/xfs-metadata-corruption/positive-1.log,               xfs-metadata-corruption,            fs-journal-abort",
        "hw/mce-logged-at-boot/positive-2.log,                    mce-logged-at-boot,                 machine-check",
        "mm/oom-swap-exhausted/positive-1.log,                    oom-swap-exhausted,                 oom-kill",
        "mm/oom-swap-exhausted/positive-2.log,                    oom-swap-exhausted,                 oom-kill",
        "block/multipath-path-failure/positive-3.log,             multipath-path-failure,             disk-io-error",
        "net/intel-tx-timeout-escalating-reset/positive-1.log,    intel-tx-timeout-escalating-reset,  nic-tx-timeout",
        "net/intel-tx-timeout-escalating-reset/positive-2.log,    intel-tx-timeout-escalating-reset,  nic-tx-timeout",
        "hw/mce-record-contradicts-itself/positive-1.log,         mce-record-contradicts-itself,      mce-logged-at-boot",
        "hw/mce-record-contradicts-itself/positive-3.log,         mce-record-contradicts-itself,      machine-check",
        // an Azure disk the host failed (storvsc host status, then SRB_STATUS_INVALID_LUN) before the guest offlined it
        "virt/hyperv-storvsc-host-io-error/positive-3.log,        hyperv-storvsc-host-io-error,       scsi-device-offlined",
        // btrfs forced read-only after writes to a member deleted under it hit 'limit=0': the removal, over the abort
        "block/block-device-removed-under-filesystem/positive-2.log, block-device-removed-under-filesystem, fs-journal-abort",
        // a virtio_net queue the hypervisor's backend stopped consuming: the old watchdog form, and the 6.x form where
        // the driver is named only by the "virtio_net virtio0 enp0s1: " prefix
        "virt/virtio-net-tx-stall/positive-1.log,                 virtio-net-tx-stall,                nic-tx-timeout",
        "virt/virtio-net-tx-stall/positive-2.log,                 virtio-net-tx-stall,                nic-tx-timeout",
    })
    void withTheDiscriminatingEvidenceTheSpecificCauseRanksFirst(String sample, String specific, String generic) throws IOException {
        List<String> ranked = ranked(sample);
        assertFalse(ranked.isEmpty(), "no cause for " + sample);
        assertEquals(specific, ranked.get(0), () -> "ranked: " + ranked);
        assertTrue(ranked.contains(generic), () -> "the generic cause still matches, below: " + ranked);
    }

    @ParameterizedTest(name = "{0}: {1}, not {2}")
    @CsvSource({
        // the nearest look-alike without the discriminating evidence: the generic (or another) cause, never the specific
        "net/e1000e-hardware-unit-hang/negative-2.log,            nic-tx-timeout,                     e1000e-hardware-unit-hang",
        "net/intel-nic-tx-unit-hang/negative-2.log,               nic-tx-timeout,                     intel-nic-tx-unit-hang",
        "mm/memcg-oom/negative-1.log,                             oom-despite-page-cache,             memcg-oom",
        "virt/guest-soft-lockup-host-contention/negative-1.log,   soft-lockup,                        guest-soft-lockup-host-contention",
        "fs/nfs-server-not-responding/negative-2.log,             hung-task,                          nfs-server-not-responding",
        "mm/high-order-allocation-failure/negative-2.log,         page-allocation-failure,            high-order-allocation-failure",
        "hw/mce-logged-at-boot/negative-2.log,                    mce-record-contradicts-itself,      mce-logged-at-boot",
        "mm/oom-swap-exhausted/negative-1.log,                    oom-kill,                           oom-swap-exhausted",
        "mm/hugetlb-boot-reservation-short/negative-2.log,        high-order-allocation-failure,      hugetlb-boot-reservation-short",
        "hw/mce-record-contradicts-itself/negative-1.log,         mce-logged-at-boot,                 mce-record-contradicts-itself",
        "hw/mce-record-contradicts-itself/negative-2.log,         machine-check,                      mce-record-contradicts-itself",
        "hw/mce-record-contradicts-itself/negative-3.log,         edac-memory-error,                  mce-record-contradicts-itself",
        "oot/out-of-tree-module-crash/negative-1.log,             tainted-kernel-crash,               out-of-tree-module-crash",
        "oot/out-of-tree-module-crash/negative-2.log,             tainted-kernel-crash,               out-of-tree-module-crash",
        // and the other way round: with the evidence the specific cause replaces the fallback the crash got from its taint
        "oot/out-of-tree-module-crash/positive-1.log,             out-of-tree-module-crash,           tainted-kernel-crash",
        "oot/out-of-tree-module-crash/positive-2.log,             out-of-tree-module-crash,           tainted-kernel-crash",
        // a lone, committed bonding failover is explained as routine, never left to the unexplained fallback; the
        // monitor loop stays the bug it is; a bond left with no active slave is not called routine
        "net/bonding-slave-failover/positive-1.log,               bonding-slave-failover,             unexplained-kernel-incident",
        "net/bonding-slave-failover/positive-2.log,               bonding-slave-failover,             unexplained-kernel-incident",
        "net/bonding-link-monitor-loop/positive-1.log,            bonding-link-monitor-loop,          bonding-slave-failover",
        "net/bonding-link-monitor-loop/positive-2.log,            bonding-link-monitor-loop,          bonding-slave-failover",
        "net/bonding-slave-failover/negative-2.log,               unexplained-kernel-incident,        bonding-slave-failover",
        // a SAN path lost without multipath's own line is the offlined device; paths failed on an oversized request
        // are the block layer's limits, not the SAN, and the SAN's failures are not called a limits bug
        "block/multipath-path-failure/negative-2.log,             scsi-device-offlined,               multipath-path-failure",
        "block/multipath-path-failure/negative-1.log,             multipath-request-over-path-limit,  multipath-path-failure",
        "block/multipath-request-over-path-limit/negative-1.log,  multipath-path-failure,             multipath-request-over-path-limit",
        // the watchdog on an i40e-family port without the driver's own recovery lines stays the generic timeout
        "net/intel-tx-timeout-escalating-reset/negative-1.log,    nic-tx-timeout,                     intel-tx-timeout-escalating-reset",
        // another hypervisor's paravirtual SCSI stalling (vmw_pvscsi aborts, a hung journal) is not called a Hyper-V host
        // failure: the hung task is explained, the aborts stay without a catalogued cause
        "virt/hyperv-storvsc-host-io-error/negative-2.log,        unexplained-kernel-incident,        hyperv-storvsc-host-io-error",
        // ext4 write-back to a detached cloud volume ('limit=0') is the detach, not an unexplained filesystem error; a
        // namespace removed after its controller failed, or a SATA disk libata disabled, is the failure, not a detach
        "block/block-device-removed-under-filesystem/positive-1.log, block-device-removed-under-filesystem, unexplained-kernel-incident",
        "block/block-device-removed-under-filesystem/negative-1.log, nvme-controller-down,           block-device-removed-under-filesystem",
        "block/block-device-removed-under-filesystem/negative-2.log, ata-link-error,                 block-device-removed-under-filesystem",
        // an emulated e1000 in a QEMU guest stays the generic timeout: a virtual machine alone is no virtio backend stall
        "virt/virtio-net-tx-stall/negative-1.log,                 nic-tx-timeout,                     virtio-net-tx-stall",
    })
    void withoutItTheSpecificCauseDoesNotMatch(String sample, String first, String absent) throws IOException {
        List<String> ranked = ranked(sample);
        assertFalse(ranked.isEmpty(), "no cause for " + sample);
        assertEquals(first, ranked.get(0), () -> "ranked: " + ranked);
        assertFalse(ranked.contains(absent), () -> "ranked: " + ranked);
    }

    @Test
    void aCommandTheHyperVDiskDoesNotImplementIsNoIncidentAtAll() throws IOException {
        // storvsc logs ATA pass-through (cmd 0xa1) refused with SRB_STATUS_INVALID_REQUEST (srb 0x86) in the same format
        // as a failed read: it must not become a host I/O failure, nor an unexplained incident
        assertEquals(List.of(), ranked("virt/hyperv-storvsc-host-io-error/negative-1.log"));
    }

    private static List<String> ranked(String sample) throws IOException {
        String text = Files.readAllLines(Path.of("signatures").resolve(sample), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.startsWith("#: "))
                .map(l -> l.endsWith("  <<< evidence") ? l.substring(0, l.length() - "  <<< evidence".length()) : l)
                .collect(Collectors.joining("\n", "", "\n"));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        InputTarget target = new InputTarget(sample, () -> new ByteArrayInputStream(bytes));
        AnalysisReport report = new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()), AnalysisOptions.defaults())
                .analyze(List.of(target), new ArrayList<>());
        assertTrue(report.problems().isEmpty(), report.problems().toString());
        return report.results().stream().flatMap(r -> r.causes().stream()).map(Cause::signature).toList();
    }
}
