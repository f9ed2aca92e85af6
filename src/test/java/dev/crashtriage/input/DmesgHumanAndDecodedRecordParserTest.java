package dev.crashtriage.input;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dmesg -T} and {@code dmesg -x}, with kernel messages from realworld F-3 (failing disk). */
class DmesgHumanAndDecodedRecordParserTest {

    @Test
    void humanTimestampsBecomeWallTime() {
        Reads.Result r = Reads.read("[Sat Sep 12 21:04:17 2015] ata1.00: exception Emask 0x0 SAct 0x18000000 SErr 0x0 action 0x0\n"
                + "[Sat Sep 12 21:04:17 2015] ata1.00: error: { UNC }\n"
                + "[Tue Mar  7 02:31:52 2023] end_request: I/O error, dev sda, sector 1204269824\n", null);
        assertEquals(LogFormat.DMESG_HUMAN, r.summary().format());
        LogRecord first = r.records().get(0);
        assertEquals("2015-09-12T21:04:17", first.wallTime());
        assertTrue(Double.isNaN(first.monoTime()));
        assertEquals("ata1.00: exception Emask 0x0 SAct 0x18000000 SErr 0x0 action 0x0", first.text());
        assertEquals("2023-03-07T02:31:52", r.records().get(2).wallTime(), "space-padded day of month");
        assertTrue(first.kernel());
    }

    @Test
    void decodedFacilityAndLevel() {
        Reads.Result r = Reads.read("kern  :info  : [    5.227154] EXT4-fs (dm-0): warning: mounting fs with errors, running e2fsck is recommended\n"
                + "kern  :err   : [   10.854554] ata1.00: error: { UNC }\n"
                + "user  :notice: [   12.000001] systemd[1]: Started Journal Service.\n", null);
        assertEquals(LogFormat.DMESG_DECODED, r.summary().format());
        LogRecord err = r.records().get(1);
        assertEquals(3, err.level());
        assertEquals(10.854554, err.monoTime(), 1e-9);
        assertEquals("ata1.00: error: { UNC }", err.text());
        assertTrue(err.kernel());
        LogRecord user = r.records().get(2);
        assertFalse(user.kernel());
        assertEquals("user", user.program());
        assertEquals(5, user.level());
    }
}
