package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The same crash seen in another log or on another machine (other addresses, offsets from another
 * build, PIDs, times, CPUs) keeps its fingerprint; different crashes get different ones.
 */
class FingerprintTest {

    private static final Pattern HEX = Pattern.compile("\\b(?:0x)?[0-9a-f]{8,16}\\b");
    private static final Pattern TIME = Pattern.compile("\\[ *([0-9]+)\\.([0-9]+)\\]");

    /** The log as another machine would print the same crash: shifted addresses, times, pids, cpu. */
    private static String onAnotherMachine(String log) {
        Matcher m = HEX.matcher(log);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String h = m.group();
            String digits = h.startsWith("0x") ? h.substring(2) : h;
            long v = Long.parseUnsignedLong(digits, 16) ^ 0x5a5a00L;
            String shifted = String.format("%0" + digits.length() + "x", v);
            m.appendReplacement(sb, (h.startsWith("0x") ? "0x" : "") + shifted.substring(shifted.length() - digits.length()));
        }
        m.appendTail(sb);
        String s = TIME.matcher(sb.toString()).replaceAll(r -> "[" + (Long.parseLong(r.group(1)) + 777) + "." + r.group(2) + "]");
        return s.replace("PID: 6 ", "PID: 4711 ").replace("CPU: 1 ", "CPU: 3 ").replace(":6]", ":4711]")
                .replace("CPU#1", "CPU#3").replace("+0x29c/0x308", "+0x2a0/0x310");
    }

    private static String fingerprint(String source, String log) {
        List<IncidentBuilder> found = TestLogs.detect(new CrashReportDetector(), TestLogs.records(source, log));
        return Fingerprint.of(found.get(0));
    }

    @Test
    void sameCrashElsewhereSameFingerprint() {
        String g3 = TestLogs.resource("/realworld/G-3.log");
        String other = onAnotherMachine(g3);
        assertNotEquals(g3, other);
        assertEquals(fingerprint("a", g3), fingerprint("b", other));
    }

    @Test
    void differentCrashesDiffer() {
        String soft = fingerprint("g", TestLogs.resource("/realworld/G-3.log"));
        String oops = fingerprint("a", TestLogs.resource("/realworld/A-2.log"));
        String panic = fingerprint("d", TestLogs.resource("/realworld/D-3.log"));
        assertNotEquals(soft, oops);
        assertNotEquals(oops, panic);
        assertNotEquals(soft, panic);
    }

    @Test
    void titleNormalizationDropsVolatileParts() {
        assertEquals(Fingerprint.normalizeTitle("KCSAN: data-race in e1000_clean_rx_irq+0x551/0xb10"),
                Fingerprint.normalizeTitle("KCSAN: data-race in e1000_clean_rx_irq+0x561/0xb20"));
        assertNotEquals(Fingerprint.normalizeTitle("WARNING in ext4_fill_super"), Fingerprint.normalizeTitle("WARNING in ext4_put_super"));
    }
}
