package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** "Modules linked in:" as kernel/module print_modules() writes it: " %s%s" per module, then "[last unloaded: ..]". */
class ModuleListTest {

    @Test
    void taintFlagsAndLastUnloadedAreSeparatedFromTheNames() {
        // s390 BPF CI panic, bpf@vger.kernel.org 2025-05-15 (see kernel-events/s390-bpf-ci-6.15-modules.log)
        ModuleList m = ModuleList.parse("Modules linked in: bpf_testmod(OE) [last unloaded: bpf_test_modorder_x(OE)]");
        assertEquals(List.of("bpf_testmod"), m.names());
        assertEquals(Map.of("bpf_testmod", "OE"), m.flags());
        assertEquals("bpf_test_modorder_x", m.lastUnloaded());
    }

    @Test
    void loadingStateAndUntaintedModules() {
        // datto/dattobd#26 (2016): the module being loaded shows '+' after its taint
        ModuleList m = ModuleList.parse("Modules linked in: dattobd(O+) nf_log_ipv4 nf_log_common xt_LOG aufs(O) dm_crypt");
        assertEquals(List.of("dattobd", "nf_log_ipv4", "nf_log_common", "xt_LOG", "aufs", "dm_crypt"), m.names());
        assertEquals(Map.of("dattobd", "O+", "aufs", "O"), m.flags());
        assertNull(m.lastUnloaded());
    }

    @Test
    void lastUnloadedWithoutTaintsOnOlderKernels() {
        // RHEL 7.2-based 3.10.0-327 report quoted on a mailing list: nbd(OE) last before the bracket
        ModuleList m = ModuleList.parse("Modules linked in: mpt2sas scsi_transport_fc libata raid_class scsi_tgt nbd(OE) [last unloaded: kbox]");
        assertEquals(List.of("mpt2sas", "scsi_transport_fc", "libata", "raid_class", "scsi_tgt", "nbd"), m.names());
        assertEquals("kbox", m.lastUnloaded());
        assertEquals(List.of(), ModuleList.parse("Modules linked in:").names(), "openbmc/linux#53: an empty list");
    }

    @Test
    void kernelFactsCarryNamesFlagsAndLastUnloadedSeparately() {
        KernelFacts f = EventTestLogs.extractAll("s390-bpf-ci-6.15-modules.log").facts();
        assertEquals(List.of("bpf_testmod"), f.modules(), "never 'bpf_testmod(OE)', '[last', 'unloaded:'");
        assertEquals(Map.of("bpf_testmod", "OE"), f.moduleFlags());
        assertEquals("bpf_test_modorder_x", f.lastUnloaded());
        assertEquals("s390", f.arch());
    }
}
