package dev.crashtriage.listen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's counters for our sockets, from a /proc laid out as Linux lays it out (proc(5): /proc/net/udp, and
 * /proc/self/fd links "socket:[inode]"). The table is constructed in the kernel's column layout, with the rows a
 * machine showed while two receivers shared port 17666 (0x4502) through SO_REUSEPORT.
 */
class KernelSocketDropsTest {
    private static final String HEADER = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
            + "timeout inode ref pointer drops";

    private static String row(int sl, String local, String rxQueue, long inode, long drops) {
        return String.format("%5d: %s 00000000:0000 07 00000000:%s 00:00000000 00000000     0        0 %d 2 "
                + "0000000000000000 %d", sl, local, rxQueue, inode, drops);
    }

    @Test
    void countsOurSocketsDropsAndTheOtherProcessesSocketsOnTheSamePort(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("net"));
        Files.createDirectories(proc.resolve("self/fd"));
        Files.createSymbolicLink(proc.resolve("self/fd/7"), Path.of("socket:[1001]"));
        Files.createSymbolicLink(proc.resolve("self/fd/8"), Path.of("socket:[1002]"));
        Files.createSymbolicLink(proc.resolve("self/fd/9"), Path.of("pipe:[5]"));
        Files.writeString(proc.resolve("net/udp"), String.join("\n", HEADER,
                row(1, "0100007F:4502", "00000000", 1001, 0),
                row(2, "0100007F:4502", "00000200", 1002, 289),
                row(3, "0100007F:4502", "00000000", 2001, 42875), // another process, same address and port
                row(4, "0200007F:4502", "00000000", 2002, 7),     // same port, another address: its own traffic
                row(5, "0100007F:0035", "00000000", 2003, 1)) + "\n");
        KernelSocketDrops.Reading r = new KernelSocketDrops(proc).read(Set.of(0x4502));
        assertTrue(r.readable());
        assertEquals(2, r.sockets());
        assertEquals(289, r.drops(), "only our sockets' drops");
        assertEquals(0x200, r.queued());
        assertEquals(1, r.foreign(), "the other process's socket on 127.0.0.1:17666 takes a share of the senders");
    }

    @Test
    void saysSoWhenProcCannotBeRead(@TempDir Path dir) {
        KernelSocketDrops.Reading r = new KernelSocketDrops(dir.resolve("missing")).read(Set.of(6666));
        assertFalse(r.readable());
        assertEquals(0, r.foreign());
    }
}
