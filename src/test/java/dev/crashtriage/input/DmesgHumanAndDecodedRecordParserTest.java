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
    void localisedDayAndMonthNamesAreStillDmesgT() {
        // real: https://github.com/adelolmo/hd-idle/issues/78 (henfri, 2022-09-08), dmesg -T under a German locale
        Reads.Result r = Reads.read("[Fr Aug 26 22:01:01 2022] ata2.00: exception Emask 0x10 SAct 0x600000 SErr 0x850000 action 0x6 frozen\n"
                + "[Fr Aug 26 22:01:01 2022] ata2.00: irq_stat 0x08000000, interface fatal error\n"
                + "[Fr Aug 26 22:01:01 2022] ata2: SError: { PHYRdyChg CommWake LinkSeq }\n", null);
        assertEquals(LogFormat.DMESG_HUMAN, r.summary().format());
        LogRecord first = r.records().get(0);
        assertEquals("ata2.00: exception Emask 0x10 SAct 0x600000 SErr 0x850000 action 0x6 frozen", first.text());
        assertEquals("2022-08-26T22:01:01", first.wallTime(), "'Aug' is also the English abbreviation");
        assertTrue(first.kernel());
        // constructed: a month name that is not English ("Okt") is not guessed; the text is still the kernel's
        Reads.Result oct = Reads.read("[Mo Okt  3 08:15:00 2022] ata1: hard resetting link\n", null);
        assertEquals("ata1: hard resetting link", oct.records().get(0).text());
        assertEquals(null, oct.records().get(0).wallTime());
    }

    @Test
    void aBracketThatIsNotATimeStaysText() {
        // constructed look-alike: a bracketed tag of another shape is not a dmesg -T time
        assertEquals(-1, DmesgHumanRecordParser.humanTimeEnd("[drm:intel_pipe_update_end [i915]] *ERROR* Atomic update failure", 0));
        assertEquals(-1, DmesgHumanRecordParser.humanTimeEnd("[  260.383719] sd 0:0:0:0: [sda] tag#15 data cmplt err -75", 0));
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
