package dev.crashtriage.signature;

import dev.crashtriage.input.LogReader;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.Extraction;
import dev.crashtriage.kernel.IncidentExtractor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.crashtriage.signature.EngineFixture.sig;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code scope: boot} counts per boot as the kernel layer's boot model splits boots, journal markers included. */
class BootScopeTest {

    /**
     * Constructed journalctl dump (kernel lines in the shape of blk_update_request's "I/O error, dev %s, sector
     * %llu" of 5.x block/blk-core.c): one I/O error in each of two boots. The "-- Reboot --" marker starts the second
     * boot a line before its "Linux version" banner.
     */
    private static final String JOURNAL = ""
            + "-- Logs begin at Tue 2023-03-14 02:00:01 UTC, end at Tue 2023-03-14 02:40:00 UTC. --\n"
            + "Mar 14 02:31:50 web1 kernel: EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null)\n"
            + "Mar 14 02:31:52 web1 kernel: blk_update_request: I/O error, dev sda, sector 123456 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0\n"
            + "Mar 14 02:31:53 web1 systemd[1]: Stopping User Manager for UID 1000...\n"
            + "-- Reboot --\n"
            + "Mar 14 02:35:00 web1 kernel: Linux version 5.4.0-42-generic (buildd@lgw01-amd64-038) (gcc version 9.3.0 (Ubuntu 9.3.0-10ubuntu2)) #46-Ubuntu SMP Fri Jul 10 00:24:02 UTC 2020 (Ubuntu 5.4.0-42.46-generic 5.4.44)\n"
            + "Mar 14 02:35:01 web1 kernel: Command line: BOOT_IMAGE=/vmlinuz-5.4.0-42-generic root=/dev/sda1 ro\n"
            + "Mar 14 02:36:10 web1 kernel: blk_update_request: I/O error, dev sda, sector 654321 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0\n";

    private static final String TWO_ERRORS = "selections:\n  io: {lines: ['I/O error, dev sda'], count: {at_least: 2}}\ncondition: io";

    private static List<Finding> run(Signature s, boolean bootFromExtractor) throws IOException {
        List<LogRecord> records = new ArrayList<>();
        new LogReader().read(new ByteArrayInputStream(JOURNAL.getBytes(StandardCharsets.UTF_8)), "j", null, records::add);
        IncidentExtractor x = new IncidentExtractor();
        SignatureEngine.Evaluation ev = new SignatureEngine(SignatureCatalog.of(List.of(s))).start();
        for (LogRecord r : records) {
            x.accept(r);
            if (bootFromExtractor) {
                ev.accept(r, x.currentBoot());
            } else {
                ev.accept(r);
            }
        }
        Extraction e = x.finish();
        assertEquals(2, e.facts().boots().size(), e.facts().boots()::toString);
        assertEquals(5, e.facts().boots().get(1).line(), "the marker starts the second boot");
        return ev.finish(e);
    }

    @Test
    void oneErrorPerBootIsNotTwoInABoot() throws IOException {
        for (boolean fromExtractor : new boolean[] {true, false}) {
            assertEquals(0, run(sig("per-boot", "scope: boot\n" + TWO_ERRORS), fromExtractor).size(),
                    "the first boot's error must not count in the second boot (the banner is not where the boot starts)");
            assertEquals(1, run(sig("per-host", "scope: host\n" + TWO_ERRORS), fromExtractor).size());
        }
    }
}
