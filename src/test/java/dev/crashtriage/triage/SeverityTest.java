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

    /** CONSTRUCTED in the 2.6.3x SCSI sense layout: a scratched DVD in sr0 (and, later, an unrelated sda write error). */
    static final String DVD = String.join("\n",
            "[ 5012.331201] sr 1:0:0:0: [sr0] Unhandled sense code",
            "[ 5012.331206] sr 1:0:0:0: [sr0] Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE",
            "[ 5012.331210] sr 1:0:0:0: [sr0] Sense Key : Medium Error [current]",
            "[ 5012.331215] sr 1:0:0:0: [sr0] Add. Sense: L-EC uncorrectable error",
            "[ 5012.331220] sr 1:0:0:0: [sr0] CDB: Read(10): 28 00 00 01 2b 40 00 00 02 00",
            "[ 5012.331228] end_request: I/O error, dev sr0, sector 306432", "");

    static final String SDA_LATER = String.join("\n",
            "[ 7310.104512] sd 0:0:0:0: [sda] Unhandled error code",
            "[ 7310.104518] sd 0:0:0:0: [sda] Result: hostbyte=DID_BAD_TARGET driverbyte=DRIVER_OK",
            "[ 7310.104523] sd 0:0:0:0: [sda] CDB: Write(10): 2a 00 03 a1 9c 48 00 00 08 00",
            "[ 7310.104530] end_request: I/O error, dev sda, sector 60923976",
            "[ 7310.104551] Buffer I/O error on device sda1, logical block 7615241",
            "[ 7310.104560] lost page write due to I/O error on sda1", "");

    @Test
    void aScratchedDvdIsLowNotADyingDisk() {
        List<Cause> c = causes(DVD);
        Cause media = c.stream().filter(x -> x.signature().equals("disk-media-error")).findFirst().orElseThrow(() -> new AssertionError(c.toString()));
        assertEquals(Severity.LOW, media.severity());
    }

    @Test
    void aMediaErrorOnOneDeviceDoesNotVetoIoErrorsOnAnother() {
        List<Cause> c = causes(DVD + SDA_LATER);
        assertTrue(c.stream().anyMatch(x -> x.signature().equals("disk-io-error")), c.stream().map(Cause::signature).toList().toString());
    }
}
