package dev.crashtriage.kernel;

import dev.crashtriage.input.LogReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * syzkaller's "unexpected kernel reboot": a console capture of one machine in which the kernel starts again with
 * no report since the last boot. The unclean-reboot incident carries that title; after a report or a panic, or in
 * a log collected by syslog, it keeps its own. All logs here are constructed: a running kernel's lines, then the
 * x86 decompressor's "Booting the kernel." and a new banner, as a serial console shows a reset.
 */
class UnexpectedRebootTest {

    private static final String RUNNING = String.join("\n",
            "[  402.118201] IPv6: ADDRCONF(NETDEV_CHANGE): veth0: link becomes ready",
            "[  402.524417] audit: type=1400 audit(1589360402.520:21): avc:  denied  { map } for  pid=6311 comm=\"syz-executor\"");
    private static final String REBOOT = String.join("\n",
            "Decompressing Linux... Parsing ELF... done.",
            "Booting the kernel.",
            "[    0.000000] Linux version 5.7.0-rc5-syzkaller (syzkaller@syzkaller) (gcc version 9.0.0) #1 SMP PREEMPT",
            "[    0.000000] Command line: console=ttyS0 root=/dev/sda");

    private static List<Incident> reboots(String log) throws IOException {
        IncidentExtractor x = new IncidentExtractor();
        new LogReader().read(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), "console.log", null, x::accept);
        return x.finish().incidents().stream().filter(i -> i.kind() == IncidentKind.UNCLEAN_REBOOT).toList();
    }

    @Test
    void consoleCaptureRestartingWithoutAReportIsAnUnexpectedReboot() throws IOException {
        List<Incident> found = reboots(RUNNING + "\n" + REBOOT + "\n");
        assertEquals(1, found.size());
        assertEquals("unexpected kernel reboot", found.get(0).title());
    }

    @Test
    void aReportBeforeTheRestartExplainsIt() throws IOException {
        String report = String.join("\n",
                "[  402.601113] ------------[ cut here ]------------",
                "[  402.601420] WARNING: CPU: 1 PID: 6311 at net/core/dev.c:8912 rollback_registered_many+0x1c5/0xe70",
                "[  402.602031] Call Trace:",
                "[  402.602212]  unregister_netdevice_many+0x36/0x50");
        List<Incident> found = reboots(RUNNING + "\n" + report + "\n" + REBOOT + "\n");
        assertEquals(1, found.size());
        assertEquals("unclean reboot", found.get(0).title());
    }

    @Test
    void aLogStartingWithTheBootHasNoReboot() throws IOException {
        assertTrue(reboots(REBOOT + "\n" + RUNNING + "\n").isEmpty());
    }

    @Test
    void aSyslogWithAHostIsNoConsoleCapture() throws IOException {
        String log = String.join("\n",
                "May 13 09:13:20 web1 kernel: [  402.118201] IPv6: ADDRCONF(NETDEV_CHANGE): veth0: link becomes ready",
                "May 13 09:13:21 web1 kernel: [  402.524417] e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex",
                "May 13 09:15:02 web1 kernel: [    0.000000] Linux version 5.7.0 (builder@host) (gcc version 9.3.0) #1 SMP",
                "May 13 09:15:02 web1 kernel: [    0.000000] Command line: root=/dev/sda1");
        List<Incident> found = reboots(log + "\n");
        assertEquals(1, found.size());
        assertEquals("unclean reboot", found.get(0).title(), "a syslog may have lost the report: no claim that none was printed");
    }
}
