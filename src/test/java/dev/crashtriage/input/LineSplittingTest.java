package dev.crashtriage.input;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineSplittingTest {

    @Test
    void crlfLoneCrAndMissingFinalNewline() {
        Reads.Result r = Reads.read("[    1.000000] a\r\n[    2.000000] b\r[    3.000000] c\n\n[    4.000000] d", LogFormat.DMESG);
        assertEquals(List.of("a", "b", "c", "", "d"), r.texts());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), r.records().stream().map(LogRecord::line).toList());
    }

    @Test
    void crlfSplitAcrossReadsIsOneLineEnd() {
        // A stream that hands out one byte at a time puts every \r and its \n in different reads.
        byte[] bytes = "one\r\ntwo\r\n\r\nthree".getBytes(StandardCharsets.US_ASCII);
        InputStream trickle = new InputStream() {
            int i;

            @Override
            public int read() {
                return i < bytes.length ? bytes[i++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[i++];
                return 1;
            }
        };
        assertEquals(List.of("one", "two", "", "three"), Reads.read(trickle, LogFormat.PLAIN, InputLimits.defaults()).texts());
    }

    @Test
    void hundredMegabyteLineWithoutNewlineStaysBounded() {
        long size = 100L << 20;
        InputStream huge = new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'a' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'a');
                left -= n;
                return n;
            }
        };
        // Allocation by this thread bounds what could have been buffered: a buffered line would cost 100 MB.
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        Reads.Result r = Reads.read(huge, LogFormat.PLAIN, InputLimits.defaults());
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(1, r.records().size());
        assertEquals(InputLimits.DEFAULT_MAX_LINE_BYTES, r.texts().get(0).length());
        assertEquals(1, r.summary().cutLines());
        assertEquals(size, r.summary().bytes());
        InputProblem p = r.summary().problems().get(0);
        assertFalse(p.fatal());
        assertTrue(p.message().contains("cut"), p.message());
        assertTrue(allocated < 8L << 20, "allocated while reading: " + allocated);
    }

    @Test
    void nulRunsDoNotPushTextOut() {
        // After an unclean shutdown syslog files often hold a block of NULs glued to the next boot's first line.
        byte[] nuls = new byte[200_000];
        byte[] tail = "Mar 14 02:40:01 web1 kernel: Linux version 5.15.0".getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[nuls.length + tail.length + 1];
        System.arraycopy(tail, 0, all, nuls.length, tail.length);
        all[all.length - 1] = '\n';
        Reads.Result r = Reads.read(all, LogFormat.SYSLOG);
        assertEquals(List.of("Linux version 5.15.0"), r.texts());
        assertEquals(0, r.summary().cutLines());
    }

    @Test
    void invalidUtf8AnsiBackspacesAndControls() {
        byte[] line = "[   12.000000] caf\u00e9 \u001b[1;31mred\u001b[0m ab\bc \u001b]0;title\u0007x\u0001y\u0000z"
                .getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xff, (byte) 0xc3, '!', '\n'};
        byte[] all = new byte[line.length + 1 + bad.length];
        System.arraycopy(line, 0, all, 0, line.length);
        all[line.length] = '\n';
        System.arraycopy(bad, 0, all, line.length + 1, bad.length);
        Reads.Result r = Reads.read(all, LogFormat.DMESG);
        assertEquals("caf\u00e9 red ac xyz", r.texts().get(0));
        assertEquals("\uFFFD\uFFFD!", r.texts().get(1));
    }

    @Test
    void utf16WithAndWithoutBom() {
        String text = "[ 1376.188273] NMI watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [kworker/u64:0:6]\r\n"
                + "[ 1376.364204] Kernel panic - not syncing: softlockup: hung tasks \u00e9\r\n";
        List<String> expected = List.of("NMI watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [kworker/u64:0:6]",
                "Kernel panic - not syncing: softlockup: hung tasks \u00e9");
        byte[] bomLe = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE);
        byte[] be = text.getBytes(StandardCharsets.UTF_16BE);
        for (byte[] b : List.of(bomLe, be)) {
            Reads.Result r = Reads.read(b, null);
            assertEquals(LogFormat.DMESG, r.summary().format());
            assertEquals(expected, r.texts());
        }
    }

    @Test
    void randomBinaryGivesLinesNotExceptions() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            byte[] junk = new byte[random.nextInt(300_000)];
            random.nextBytes(junk);
            Reads.Result r = Reads.read(junk, null);
            assertTrue(r.summary().lines() >= r.records().stream().mapToLong(LogRecord::line).max().orElse(0));
            assertTrue(r.records().stream().allMatch(x -> x.text().chars().noneMatch(c -> c < 0x20 && c != '\t')));
        }
    }

    @Test
    void emptyInput() {
        Reads.Result r = Reads.read(new byte[0], null);
        assertTrue(r.records().isEmpty());
        assertEquals(0, r.summary().lines());
        assertEquals(LogFormat.PLAIN, r.summary().format());
        assertTrue(r.summary().problems().isEmpty());
    }
}
