package dev.crashtriage.input;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dmesg --json} read as what it is, not as 300 lines of JSON punctuation. */
class DmesgJsonRecordParserTest {
    private static final String G3 = Reads.resource("dmesg-json-G-3.json");

    @Test
    void isDetectedAndEveryMessageIsOneRecordWithItsTimeLevelAndCaller() {
        Reads.Result r = Reads.read(G3, null);
        assertEquals(LogFormat.DMESG_JSON, r.summary().format());
        List<LogRecord> kernel = r.kernel();
        assertEquals("NMI watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [kworker/u64:0:6]", kernel.get(0).text());
        assertEquals(1376.188273, kernel.get(0).monoTime(), 1e-9);
        assertEquals(4, kernel.get(0).level());
        assertEquals("T6", kernel.get(0).callerId());
        assertEquals(11, kernel.get(0).line(), "numbered by the msg line");
        assertTrue(r.texts().stream().noneMatch(t -> t.contains("\"pri\"") || t.equals("{") || t.contains("},{")),
                "no JSON punctuation becomes a record");
    }

    @Test
    void aUserspaceFacilityIsNotKernelText() {
        LogRecord systemd = Reads.read(G3, null).records().get(0);
        assertEquals("systemd[1]: Detected virtualization kvm.", systemd.text());
        assertFalse(systemd.kernel());
        assertEquals(6, systemd.level(), "pri 30 = daemon (3) * 8 + info (6)");
    }

    @Test
    void escapesInMessagesAreDecoded() {
        String doc = "{\n   \"dmesg\": [\n      {\n         \"pri\": 3,\n         \"time\":     5.000001,\n"
                + "         \"msg\": \"EXT4-fs error (device \\\"sda1\\\"): tab\\there \\u00e9\"\n      }\n   ]\n}\n";
        LogRecord r = Reads.read(doc, null).kernel().get(0);
        assertEquals("EXT4-fs error (device \"sda1\"): tab\there \u00e9", r.text());
        assertEquals(3, r.level());
    }
}
