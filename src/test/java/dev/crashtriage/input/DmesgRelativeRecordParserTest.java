package dev.crashtriage.input;

import dev.crashtriage.kernel.Incident;
import dev.crashtriage.kernel.IncidentExtractor;
import dev.crashtriage.kernel.IncidentKind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code dmesg -H}: minute stamps and times relative to the previous message. The log is constructed in
 * the format util-linux's dmesg prints for --human (its kernel messages from the example shapes).
 */
class DmesgRelativeRecordParserTest {
    private static final String LOG = String.join("\n",
            "[Jan13 11:28] Linux version 5.15.0-91-generic (buildd@lcy02-amd64-045) #101-Ubuntu SMP",
            "[  +0.000000] Command line: BOOT_IMAGE=/vmlinuz-5.15.0-91-generic root=/dev/sda1 ro",
            "[  +5.201342] e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex",
            "[Jan13 11:29] BUG: kernel NULL pointer dereference, address: 0000000000000008",
            "[  +0.000156] #PF: supervisor read access in kernel mode",
            "[  +0.000012] Oops: 0000 [#1] SMP PTI",
            "[  +0.000020] CPU: 2 PID: 2383 Comm: kworker/2:1 Not tainted 5.15.0-91-generic #101-Ubuntu",
            "[  +0.000030] RIP: 0010:e1000_clean_rx_irq+0x1a5/0x520 [e1000e]",
            "[  +0.000040] Call Trace:",
            "[  +0.000002]  <IRQ>",
            "[  +0.000003]  e1000e_poll+0x9c/0x2f0 [e1000e]",
            "[  +0.000004]  __napi_poll+0x30/0x1a0",
            "[  +0.000005]  net_rx_action+0x112/0x2a0",
            "[  +0.000006]  </IRQ>",
            "[  +0.000010] ---[ end trace 5b3c2f1a0d9e7c11 ]---", "");

    @Test
    void relativeTimesAreSummedIntoMonotonicTime() {
        Reads.Result r = Reads.read(LOG, null);
        assertEquals(LogFormat.DMESG_RELATIVE, r.summary().format());
        assertEquals("Linux version 5.15.0-91-generic (buildd@lcy02-amd64-045) #101-Ubuntu SMP", r.texts().get(0));
        assertEquals(5.201342, r.records().get(2).monoTime(), 1e-9);
        assertEquals(5.201498, r.records().get(4).monoTime(), 1e-9);
        assertEquals("Jan13 11:29", r.records().get(4).wallTime());
        assertEquals(" e1000e_poll+0x9c/0x2f0 [e1000e]", r.texts().get(10));
    }

    @Test
    void theCrashInADmesgHumanLogIsFound() throws Exception {
        IncidentExtractor x = new IncidentExtractor();
        new LogReader().read(new ByteArrayInputStream(LOG.getBytes(StandardCharsets.UTF_8)), "h", null, x::accept);
        List<Incident> found = x.finish().incidents();
        Incident oops = found.stream().filter(i -> i.kind() == IncidentKind.OOPS).findFirst().orElseThrow(() -> new AssertionError(found));
        assertEquals("BUG: unable to handle kernel NULL pointer dereference in e1000_clean_rx_irq", oops.title());
    }

    @Test
    void rawDmesgAndDmesgTStayTheirOwnFormats() {
        assertEquals(LogFormat.DMESG, Reads.read("[    5.201342] e1000e 0000:00:19.0 eth0: NIC Link is Up\n", null).summary().format());
        assertEquals(LogFormat.DMESG_HUMAN,
                Reads.read("[Sat Sep 12 21:04:17 2015] ata1.00: error: { UNC }\n", null).summary().format());
    }
}
