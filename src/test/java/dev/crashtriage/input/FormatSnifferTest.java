package dev.crashtriage.input;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FormatSnifferTest {

    @Test
    void eachFormatFromItsFirstLines() {
        assertEquals(LogFormat.DMESG, FormatSniffer.sniff(List.of("[    0.000000] Linux version 4.1.34 #2",
                "[ 1376.188273] NMI watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [kworker/u64:0:6]")));
        assertEquals(LogFormat.DMESG, FormatSniffer.sniff(List.of("<6>[   85.501187] nouveau  [     DRM] suspending kernel object tree...")));
        assertEquals(LogFormat.SYSLOG, FormatSniffer.sniff(List.of("Mar  9 16:17:38 mail2 kernel: tg3: eth0: transmit timed out, resetting")));
        assertEquals(LogFormat.JOURNAL_TEXT, FormatSniffer.sniff(List.of("-- Logs begin at Mon 2017-03-13 10:01:02 CST, end at Tue 2017-03-14 11:00:00 CST. --",
                "Mar  9 16:17:38 mail2 kernel: tg3: eth0: transmit timed out, resetting")));
        assertEquals(LogFormat.KMSG, FormatSniffer.sniff(List.of("6,339,5140900,-;NET: Registered protocol family 10", " SUBSYSTEM=net")));
        assertEquals(LogFormat.NETCONSOLE_EXTENDED, FormatSniffer.sniff(List.of("6,416,1758426,-,ncfrag=0/31;the first chunk,")));
        assertEquals(LogFormat.RFC5424, FormatSniffer.sniff(List.of("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed for lonvick on /dev/pts/8")));
        assertEquals(LogFormat.JOURNAL_JSON, FormatSniffer.sniff(List.of("{\"__REALTIME_TIMESTAMP\":\"1\",\"MESSAGE\":\"x\"}")));
        assertEquals(LogFormat.DMESG_DECODED, FormatSniffer.sniff(List.of("kern  :err   : [   10.854554] ata1.00: error: { UNC }")));
        assertEquals(LogFormat.DMESG_HUMAN, FormatSniffer.sniff(List.of("[Sat Sep 12 21:04:17 2015] ata1.00: error: { UNC }")));
        assertEquals(LogFormat.PLAIN, FormatSniffer.sniff(List.of("Oops: 0000 [#1]", "c01153ef")));
        assertEquals(LogFormat.PLAIN, FormatSniffer.sniff(List.of()));
        assertEquals(LogFormat.JOURNAL_TEXT, FormatSniffer.sniff(List.of(
                "[   10.854525] andy-desktop kernel: ata1.00: exception Emask 0x0 SAct 0x18000000 SErr 0x0 action 0x0",
                "[   10.854554] andy-desktop kernel: ata1.00: error: { UNC }")), "short-monotonic without a header line");
        assertEquals(LogFormat.DMESG, FormatSniffer.sniff(List.of("[    1.398203] ata1.00: ATA-9: WDC WD10EZEX-08M2NA0, 01.01A01, max UDMA/100",
                "[    5.227154] EXT4-fs (dm-0): warning: mounting fs with errors, running e2fsck is recommended")));
    }

    @Test
    void majorityWinsOverAFewLookAlikes() {
        List<String> lines = new ArrayList<>();
        lines.add("Booting from Hard Disk...");
        for (int i = 0; i < 50; i++) {
            lines.add("[   " + i + ".000001] usb 1-1: new high-speed USB device number " + i + " using ehci-pci");
        }
        assertEquals(LogFormat.DMESG, FormatSniffer.sniff(lines), "one firmware line does not make a serial capture");
        lines.add("[  OK  ] Started Journal Service.");
        assertEquals(LogFormat.SERIAL, FormatSniffer.sniff(lines));
    }

    @Test
    void forcedFormatIsUsedAsIs() {
        Reads.Result r = Reads.read("Mar  9 16:17:38 mail2 kernel: tg3: eth0: transmit timed out, resetting\n", LogFormat.PLAIN);
        assertEquals(LogFormat.PLAIN, r.summary().format());
        assertEquals("Mar  9 16:17:38 mail2 kernel: tg3: eth0: transmit timed out, resetting", r.texts().get(0));
    }
}
