package dev.crashtriage.input;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerialAndPlainRecordParserTest {

    @Test
    void loginPromptGluedInFrontOfAKernelLine() {
        Reads.Result r = Reads.read(Reads.resource("serial-syzkaller-118.log"), null);
        assertEquals(LogFormat.SERIAL, r.summary().format());
        LogRecord prompt = r.records().get(0);
        assertEquals("syzkaller login:", prompt.text());
        assertFalse(prompt.kernel());
        LogRecord info = r.records().get(1);
        assertEquals("INFO: trying to register non-static key.", info.text());
        assertEquals(16.30515, info.monoTime(), 1e-9);
        assertEquals(1, info.line());
        assertTrue(info.kernel());
        assertEquals("the code is fine but needs lockdep annotation.", r.texts().get(2));
    }

    @Test
    void firmwareNoiseSystemdStatusAndAnsiColours() {
        String esc = "\u001b";
        String capture = ""
                + "SeaBIOS (version 1.13.0-1ubuntu1.1)\r\n"
                + "Booting from Hard Disk...\r\n"
                + esc + "[2J" + esc + "[01;01HLoading Linux 5.15.0-91-generic ...\r\n"
                + "[    0.000000] Linux version 5.15.0-91-generic (buildd@lcy02-amd64-045) (gcc 11.4.0)\r\n"
                + "[    0.000000] Command line: BOOT_IMAGE=/vmlinuz-5.15.0-91-generic root=/dev/vda1 console=ttyS0,115200\r\n"
                + "[" + esc + "[0;32m  OK  " + esc + "[0m] Started " + esc + "[0;1;39mJournal Service" + esc + "[0m.\r\n"
                + "[" + esc + "[0;1;31mFAILED" + esc + "[0m] Failed to start " + esc + "[0;1;39mLoad Kernel Modules" + esc + "[0m.\r\n"
                + "[   12.345678] EXT4-fs (vda1): re-mounted. Opts: errors=remount-ro\r\n"
                + "\r\n"
                + "ubuntu-vm login: [  123.456789] BUG: kernel NULL pointer dereference, address: 0000000000000000\r\n";
        Reads.Result r = Reads.read(capture, null);
        assertEquals(LogFormat.SERIAL, r.summary().format());
        assertEquals("Loading Linux 5.15.0-91-generic ...", r.texts().get(2));
        LogRecord ok = r.records().stream().filter(x -> x.text().startsWith("[  OK  ]")).findFirst().orElseThrow();
        assertEquals("[  OK  ] Started Journal Service.", ok.text());
        assertEquals("systemd", ok.program());
        assertFalse(ok.kernel());
        LogRecord failed = r.records().stream().filter(x -> x.text().startsWith("[FAILED]")).findFirst().orElseThrow();
        assertEquals("[FAILED] Failed to start Load Kernel Modules.", failed.text());
        LogRecord bug = r.records().get(r.records().size() - 1);
        assertEquals("BUG: kernel NULL pointer dereference, address: 0000000000000000", bug.text());
        assertEquals(123.456789, bug.monoTime(), 1e-9);
        assertEquals(10, bug.line());
        assertEquals("ubuntu-vm login:", r.records().get(r.records().size() - 2).text());
    }

    @Test
    void plainNetconsoleWithoutTimestamps() {
        // realworld A-2 (2.6.7 oops) as a netcat capture of plain netconsole: no envelope at all.
        String capture = ""
                + "Unable to handle kernel paging request at virtual address 770000d5\n"
                + " printing eip:\n"
                + "c01153ef\n"
                + "*pde = 00000000\n"
                + "Oops: 0000 [#1]\n"
                + "Oops: 0000 [#1]\n";
        Reads.Result r = Reads.read(capture, null);
        assertEquals(LogFormat.PLAIN, r.summary().format());
        assertEquals(List.of("Unable to handle kernel paging request at virtual address 770000d5", " printing eip:",
                "c01153ef", "*pde = 00000000", "Oops: 0000 [#1]", "Oops: 0000 [#1]"), r.texts());
        assertTrue(r.records().stream().allMatch(LogRecord::kernel));
        assertNull(r.records().get(0).program());
        assertTrue(Double.isNaN(r.records().get(0).monoTime()));
        assertEquals(6, r.records().get(5).line(), "a repeated line is kept with its own line number");
    }

    @Test
    void plainNetconsoleWithLevels() {
        Reads.Result r = Reads.read("<4>tg3: eth0: transmit timed out, resetting\n<3>tg3: tg3_stop_block timed out, ofs=3400 enable_bit=2\n",
                LogFormat.PLAIN);
        assertEquals(4, r.records().get(0).level());
        assertEquals("tg3: eth0: transmit timed out, resetting", r.texts().get(0));
        assertEquals(3, r.records().get(1).level());
    }
}
