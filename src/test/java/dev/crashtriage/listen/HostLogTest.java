package dev.crashtriage.listen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostLogTest {
    private static final long T = 1_764_626_400_123_456L; // 2025-12-01T22:00:00.123456Z

    @Test
    void linesAsReceivedBehindTheirReceiveTimeAndARestartAppends(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(HostLog.fileName("10.0.0.5:6665"));
        byte[] d = "4,1509,12767657146,-;Modules linked in: x_tables\n SUBSYSTEM=pci\n".getBytes(StandardCharsets.UTF_8);
        try (HostLog log = new HostLog(file, 0, 0)) {
            assertEquals(2, log.write(T, d, 0, d.length));
        }
        byte[] plain = "[ 8812.114230] BUG: kernel NULL pointer dereference".getBytes(StandardCharsets.UTF_8);
        try (HostLog log = new HostLog(file, 0, 0)) {
            log.write(T + 1_000_000, plain, 0, plain.length);
        }
        assertEquals("10.0.0.5_6665.log", file.getFileName().toString());
        assertEquals(List.of(
                "2025-12-01T22:00:00.123456Z 4,1509,12767657146,-;Modules linked in: x_tables",
                "2025-12-01T22:00:00.123456Z  SUBSYSTEM=pci",
                "2025-12-01T22:00:01.123456Z [ 8812.114230] BUG: kernel NULL pointer dereference"),
                Files.readAllLines(file));
    }

    @Test
    void rotatesBySizeKeepingTheNewestFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("web1.log");
        byte[] line = "6,1,2,-;0123456789012345678901234567890123456789012345678901234567890123456789".getBytes(StandardCharsets.US_ASCII);
        try (HostLog log = new HostLog(file, 1000, 2)) {
            for (int i = 0; i < 40; i++) {
                log.write(T + i, line, 0, line.length);
            }
        }
        assertTrue(Files.size(file) < 1000);
        assertTrue(Files.exists(dir.resolve("web1.log.1")) && Files.exists(dir.resolve("web1.log.2")));
        assertTrue(!Files.exists(dir.resolve("web1.log.3")), "only two rotated files kept");
        long total = 0;
        for (String f : List.of("web1.log", "web1.log.1", "web1.log.2")) {
            total += Files.readAllLines(dir.resolve(f)).size();
        }
        assertTrue(total < 40, "the oldest went with the rotation");
    }

    @Test
    void hostKeysBecomeSafeFileNames() {
        assertEquals("___1__6665.log", HostLog.fileName("[::1]:6665"));
        assertEquals("_.._etc_passwd.log", HostLog.fileName("../etc/passwd"));
        assertEquals("web1.example.org.log", HostLog.fileName("web1.example.org"));
    }
}
