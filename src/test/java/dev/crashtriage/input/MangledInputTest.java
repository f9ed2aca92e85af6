package dev.crashtriage.input;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every parser, forced onto real logs of every format with bytes flipped, cut and spliced, delivers
 * records without throwing, and no record text carries a control character other than tab.
 */
class MangledInputTest {
    private static final List<String> SEEDS = List.of(
            Reads.resource("netconsole-ext-I-3.log"),
            Reads.resource("serial-syzkaller-118.log"),
            Reads.resource("dmesg-caller-syzkaller-602.log"),
            "<4>1 2023-03-14T02:31:52.114230+00:00 node7 kernel - - [a b=\"c\\]\"] [ 8812.114230] WARNING: x\n"
                    + "Mar 14 02:31:52 web1 kernel: [ 1.0] a#012b#011c#0\n-- Boot 4f1c --\n"
                    + "{\"MESSAGE\":[66,10,255],\"_TRANSPORT\":\"kernel\",\"_BOOT_ID\":\"x\",\"__REALTIME_TIMESTAMP\":\"99\"}\n"
                    + "kern  :err   : [    1.000000] x\n[Tue Mar  7 02:31:52 2023] y\n6,416,1758426,-,ncfrag=0/31;the first\n");

    @ParameterizedTest
    @EnumSource(LogFormat.class)
    void parsersSurviveMangledLogs(LogFormat format) {
        Random random = new Random(format.ordinal());
        for (String seed : SEEDS) {
            byte[] original = seed.getBytes(StandardCharsets.UTF_8);
            for (int round = 0; round < 40; round++) {
                byte[] b = mangle(original, random);
                for (LogFormat forced : new LogFormat[] {format, null}) {
                    Reads.Result r = Reads.read(b, forced);
                    for (LogRecord rec : r.records()) {
                        assertTrue(rec.text().chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f),
                                () -> "control character in " + rec);
                        assertTrue(rec.line() >= 1 && rec.line() <= r.summary().lines());
                    }
                }
            }
        }
    }

    private static final byte[] SPECIAL = "\n\r\u001b[<>;,:#0 ".getBytes(StandardCharsets.US_ASCII);

    private static byte[] mangle(byte[] in, Random random) {
        byte[] b = in.clone();
        int edits = 1 + random.nextInt(20);
        for (int i = 0; i < edits && b.length > 0; i++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0:
                    b[at] = (byte) random.nextInt(256);
                    break;
                case 1:
                    b[at] = SPECIAL[random.nextInt(SPECIAL.length)];
                    break;
                case 2:
                    b = java.util.Arrays.copyOf(b, at);
                    break;
                default:
                    int from = random.nextInt(b.length);
                    int len = Math.min(b.length - Math.max(at, from), random.nextInt(200));
                    System.arraycopy(b, from, b, at, Math.max(0, Math.min(len, b.length - at)));
            }
        }
        return b;
    }
}
