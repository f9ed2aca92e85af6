package dev.crashtriage.input;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The byte-level dmesg path (used after the sniffer's sample) gives exactly the records of the String path. */
class AsciiFastPathTest {

    @Test
    void bytePathAndStringPathAgree() {
        List<String> lines = new ArrayList<>();
        String[] real = Reads.resource("dmesg-caller-syzkaller-602.log").split("\n");
        String[] variants = {
            "[ 1376.206461]",
            "[ 1376.206461] ",
            "[   10.854546]          res 41/40:00:00:b3:c7/00:00:47:00:00/00 Emask 0x409 (media error) <F>",
            "RIP  [<ffffffff8014c562>] list_del+0x48/0x71 RSP <ffffffff80425d00> <0>Kernel Panic - not syncing: Fatal exception",
            "[   85.501187] nouveau  [     DRM] suspending kernel object tree... <4>[   85.6] glued",
            "<6>[   85.501187] WARNING: foo",
            "[    0.000000][    T0] Linux version 5.16.16",
            "[ 67.921889][T10420x] not a caller id",
            "[12.5] short",
            "[1234567890123.5] too many digits",
            "[ 1.1234567890] too many fraction digits",
            "[ 2.000000]\tRIP: tab after the timestamp",
            "[ 3.000000] caf\u00e9 non-ASCII",
            "no timestamp at all",
        };
        for (int i = 0; i < 3000; i++) {
            lines.add(i % 7 == 0 ? variants[i / 7 % variants.length] : real[i % real.length]);
        }
        String text = String.join("\n", lines) + "\n";

        Reads.Result viaReader = Reads.read(text, null);
        assertEquals(LogFormat.DMESG, viaReader.summary().format());
        List<LogRecord> viaStrings = new ArrayList<>();
        DmesgRecordParser parser = new DmesgRecordParser("t.log");
        for (int i = 0; i < lines.size(); i++) {
            parser.parse(i + 1, lines.get(i), viaStrings::add);
        }
        assertEquals(viaStrings.size(), viaReader.records().size());
        for (int i = 0; i < viaStrings.size(); i++) {
            assertEquals(viaStrings.get(i), viaReader.records().get(i), "record " + i);
        }
        assertEquals(viaStrings, Reads.read(text, LogFormat.DMESG).records(), "forced format uses the byte path from line 1");
    }
}
