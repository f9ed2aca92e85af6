package dev.crashtriage.triage;

import dev.crashtriage.input.InputTarget;
import dev.crashtriage.signature.Severity;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Severity means what a person should do: whatever its cause, an incident that ended in a panic or
 * a machine hang is at least high (so {@code --fail-on high} never passes a panic), and so is any
 * kernel crash no signature explains.
 */
class SeverityTest {

    static List<Cause> causes(String log) {
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        InputTarget t = new InputTarget("t.log", () -> new ByteArrayInputStream(bytes));
        AnalysisReport r = new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()), AnalysisOptions.defaults())
                .analyze(List.of(t), new ArrayList<>());
        return r.results().get(0).causes();
    }

    /** CONSTRUCTED in the standard shape of a 2.6-era boot without the root disk's driver (no initrd). */
    static final String NO_ROOT = String.join("\n",
            "[    1.912345] VFS: Cannot open root device \"sda1\" or unknown-block(0,0)",
            "[    1.912400] Please append a correct \"root=\" boot option; here are the available partitions:",
            "[    1.912500] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)",
            "[    1.912600] Pid: 1, comm: swapper Not tainted 2.6.32-5-amd64 #1",
            "[    1.912700] Call Trace:",
            "[    1.912800]  [<ffffffff812ed3a5>] ? panic+0x86/0x141",
            "[    1.912900]  [<ffffffff814c8f39>] ? mount_block_root+0x1d3/0x26e",
            "[    1.913000]  [<ffffffff814c902f>] ? mount_root+0x5b/0x77",
            "[    1.913100]  [<ffffffff814c91a2>] ? prepare_namespace+0x157/0x18c",
            "[    1.913200]  [<ffffffff814c86e3>] ? kernel_init+0x1cb/0x1db",
            "[    1.913300]  [<ffffffff81011baa>] ? child_rip+0xa/0x20", "");

    @Test
    void aPanicThatNoSignatureExplainsIsStillAtLeastHigh() {
        List<Cause> c = causes(NO_ROOT);
        assertFalse(c.isEmpty());
        assertTrue(c.get(0).severity().atLeast(Severity.HIGH), c.get(0).signature() + " " + c.get(0).severity());
    }

    /** CONSTRUCTED: a NULL-pointer oops in an out-of-tree module (taint O), no panic (panic_on_oops off). */
    static final String TAINTED_OOPS = String.join("\n",
            "[ 5120.331122] BUG: unable to handle kernel NULL pointer dereference at 0000000000000010",
            "[ 5120.331160] IP: [<ffffffffa03b21e4>] vbox_poll+0x24/0x90 [vboxguest]",
            "[ 5120.331190] PGD 0 ",
            "[ 5120.331200] Oops: 0000 [#1] SMP ",
            "[ 5120.331230] Modules linked in: vboxguest(O) e1000 ahci libahci",
            "[ 5120.331260] CPU: 1 PID: 2311 Comm: VBoxService Tainted: G           O    4.4.0-21-generic #37-Ubuntu",
            "[ 5120.331290] RIP: 0010:[<ffffffffa03b21e4>]  [<ffffffffa03b21e4>] vbox_poll+0x24/0x90 [vboxguest]",
            "[ 5120.331320] Call Trace:",
            "[ 5120.331340]  [<ffffffff8121f0c4>] do_sys_poll+0x2a4/0x560",
            "[ 5120.331370]  [<ffffffff8121f49a>] SyS_poll+0x6a/0x100",
            "[ 5120.331400]  [<ffffffff818244f2>] entry_SYSCALL_64_fastpath+0x16/0x71",
            "[ 5120.331430] ---[ end trace 3a2c1fe3b6b1e5f2 ]---", "");

    @Test
    void anUnexplainedKernelCrashIsAtLeastHigh() {
        List<Cause> c = causes(TAINTED_OOPS);
        assertEquals(1, c.size(), c.toString());
        assertTrue(c.get(0).severity().atLeast(Severity.HIGH), c.get(0).signature() + " " + c.get(0).severity());
    }
}
