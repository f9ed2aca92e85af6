package dev.crashtriage.input;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KmsgRecordParserTest {

    @Test
    void extendedNetconsoleFromI3() {
        Reads.Result r = Reads.read(Reads.resource("netconsole-ext-I-3.log"), null);
        assertEquals(LogFormat.NETCONSOLE_EXTENDED, r.summary().format());
        List<LogRecord> recs = r.records();
        // Dictionary lines belong to their record: 3 of them for the first two records.
        assertEquals("ieee80211 phy0: rt2x00usb_watchdog_tx_dma: Warning - TX queue 2 DMA timed out, invoke forced reset",
                recs.get(0).text());
        assertEquals(4, recs.get(0).level());
        assertEquals(11865.947234, recs.get(0).monoTime(), 1e-9);
        assertEquals(4, recs.get(1).line());
        LogRecord panic = recs.get(2);
        assertEquals("traps: PANIC: double fault, error_code: 0x0", panic.text());
        assertEquals(0, panic.level());
        assertTrue(panic.kernel());

        List<LogRecord> modules = recs.stream().filter(x -> x.text().startsWith("Modules linked in:")).toList();
        assertEquals(2, modules.size(), "both fragmented records joined, nothing left over as a record");
        String joined = modules.get(0).text();
        assertTrue(joined.contains(" ip_tables x_tables hwmon_vid "), joined);
        assertTrue(joined.endsWith("ghash_clmulni_intel i2c_core rapl k10temp wmi"), joined);
        assertEquals(985, joined.length());
        assertEquals(23, modules.get(0).line(), "the line of the first fragment");
        assertEquals(joined, modules.get(1).text());
        assertEquals(31, modules.get(1).line());
        assertTrue(recs.stream().noneMatch(x -> x.text().contains("ncfrag") || x.text().startsWith(" x_tables")
                || x.text().contains("SUBSYSTEM=")));
        LogRecord warning = recs.stream().filter(x -> x.text().startsWith("WARNING:")).findFirst().orElseThrow();
        assertEquals("WARNING: CPU: 4 PID: 16786 at kernel/softirq.c:362 __local_bh_enable_ip+0x43/0x70", warning.text());
        assertEquals(" acpi_cpufreq gpio_amdpt button gpio_generic loop [last unloaded: netconsole]",
                recs.get(recs.indexOf(modules.get(0)) + 1).text());
        assertEquals("CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033", recs.get(recs.size() - 1).text());
    }

    @Test
    void devKmsgWithCallerIdsAndUserspaceRecords() {
        Reads.Result r = Reads.read(""
                + "6,2,0,-,caller=T0;Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org)\n"
                + "3,1021,8812114230,-,caller=T3121;BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
                + " SUBSYSTEM=pci\n"
                + " DEVICE=+pci:0000:00:01.0\n"
                + "12,1022,8813000000,-,caller=T1;systemd[1]: watchdog timeout\n", null);
        assertEquals(LogFormat.KMSG, r.summary().format());
        assertEquals(3, r.records().size());
        assertEquals("T0", r.records().get(0).callerId());
        LogRecord bug = r.records().get(1);
        assertEquals("T3121", bug.callerId());
        assertEquals(3, bug.level());
        assertEquals(8812.11423, bug.monoTime(), 1e-9);
        LogRecord user = r.records().get(2);
        assertFalse(user.kernel(), "facility 1 (user) wrote this to /dev/kmsg");
        assertEquals(4, user.level());
        assertEquals(5, user.line());
    }

    @Test
    void documentedFragmentExample() {
        // The example from Documentation/networking/netconsole.rst.
        Reads.Result r = Reads.read("6,416,1758426,-,ncfrag=0/31;the first chunk,\n6,416,1758426,-,ncfrag=16/31; the 2nd chunk.\n",
                LogFormat.NETCONSOLE_EXTENDED);
        assertEquals(List.of("the first chunk, the 2nd chunk."), r.texts());
    }
}
