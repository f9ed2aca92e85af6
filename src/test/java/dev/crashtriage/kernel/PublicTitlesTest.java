package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Titles of reports whose syzkaller title was published beside them (src/test/resources/titles-public, sources per file):
 * the floor measured on both halves, and the rules derived from the tune half, each with a case where it must not fire.
 */
class PublicTitlesTest {
    private static final Path SET = Path.of("src/test/resources/titles-public");

    /** What a user gets: the input layer and every detector over the file's log, the incidents in order. */
    private static List<Incident> incidents(String file) throws IOException {
        String all = Files.readString(SET.resolve(file), StandardCharsets.ISO_8859_1);
        return incidentsOf(all.substring(all.indexOf("\n\n") + 2));
    }

    private static List<Incident> incidentsOf(String log) {
        return TestLogs.incidentsOf(log);
    }

    @Test
    void holdsTheMeasuredFloorOnBothHalves() throws IOException {
        // Measured (docs/incidents.md, "Public titles"): tune 21/22, check 18/20 exact (17/20 before decoded frames were
        // read, i9d); main before i9c had 15/22 and 12/20.
        SyzkallerEval.Score tune = SyzkallerEval.evaluate(SET.resolve("tune"), null);
        SyzkallerEval.Score check = SyzkallerEval.evaluate(SET.resolve("check"), null);
        assertEquals(22, tune.crashFiles());
        assertEquals(20, check.crashFiles());
        assertEquals(tune.crashFiles(), tune.detected(), tune.summary());
        assertEquals(check.crashFiles(), check.detected(), check.summary());
        assertEquals(tune.crashFiles(), tune.classAgree(), tune.summary());
        assertEquals(check.crashFiles(), check.classAgree(), check.summary());
        assertTrue(tune.exactAgree() >= 21, tune.summary());
        assertTrue(check.exactAgree() >= 18, check.summary());
    }

    @Test
    void symbolizedSanitizerHeaderIsOneReportTitledByItsRealFunction() throws IOException {
        // Three header lines, two of them inlined helpers (instrument_atomic_read, test_bit): one report, and the
        // access kind comes from the "Read of size" line as for a one-line header.
        List<Incident> found = incidents("tune/kasan-uaf-tcp_check_space.log");
        assertEquals(1, found.size());
        assertEquals("KASAN: use-after-free Read in tcp_check_space", found.get(0).title());
        assertEquals("KMSAN: uninit-value in hci_conn_add", incidents("tune/kmsan-uninit-hci_event_packet.log").get(0).title(),
                "the KMSAN header is read the same way (syzbot's title names hci_event_packet, a caller: not derivable here)");
    }

    @Test
    void aNewSanitizerReportAfterAStackIsNotAnInliningLevel() throws IOException {
        // Constructed from two real excerpts of this set (tcp_check_space, hci_chan_del): the second report's header
        // follows the first one's stack and end marker, so it starts a report of its own even though its first line is
        // "[inline]" too.
        String log = String.join("\n",
                "BUG: KASAN: use-after-free in test_bit include/asm-generic/bitops/instrumented-non-atomic.h:110 [inline]",
                "BUG: KASAN: use-after-free in tcp_check_space+0x5c/0x6c0 net/ipv4/tcp_input.c:5365",
                "Read of size 8 at addr ffff88803e0dc688 by task ksoftirqd/0/9",
                "Call Trace:",
                " dump_stack+0xbe/0xfe lib/dump_stack.c:118",
                " kasan_report.cold+0x1f/0x37 mm/kasan/report.c:530",
                " tcp_check_space+0x5c/0x6c0 net/ipv4/tcp_input.c:5365",
                " tcp_rcv_established+0x82d/0x1c80 net/ipv4/tcp_input.c:5867",
                "==================================================================",
                "BUG: KASAN: slab-out-of-bounds in set_bit include/asm-generic/bitops/instrumented-atomic.h:28 [inline]",
                "BUG: KASAN: slab-out-of-bounds in hci_chan_del+0x130/0x200 net/bluetooth/hci_conn.c:1746",
                "Write of size 8 at addr ffff88801b8d3dc8 by task syz-executor.4/15313",
                "Call Trace:",
                " dump_stack+0x107/0x163 lib/dump_stack.c:120",
                " kasan_report.cold+0x79/0xd5 mm/kasan/report.c:416",
                " hci_chan_del+0x130/0x200 net/bluetooth/hci_conn.c:1746",
                " l2cap_conn_del+0x4a1/0x6a0 net/bluetooth/l2cap_core.c:1890",
                "==================================================================",
                "");
        List<Incident> found = incidentsOf(log);
        assertEquals(2, found.size());
        assertEquals("KASAN: use-after-free Read in tcp_check_space", found.get(0).title());
        assertEquals("KASAN: slab-out-of-bounds Write in hci_chan_del", found.get(1).title());
    }

    @Test
    void aHeaderPathOnARealFunctionIsWhereInlinedCodeCameFrom() throws IOException {
        assertEquals("KASAN: use-after-free Read in mptcp_subflow_queue_clean",
                incidents("tune/kasan-uaf-mptcp_subflow_queue_clean.log").get(0).title());
        // The frame with its own offset keeps no defining path; an [inline] frame of a header is still infrastructure by path.
        String real = " mptcp_subflow_queue_clean+0x2c9/0x390 include/net/mptcp.h:104";
        assertNull(CrashTitler.definingPath(real, real.indexOf('+')));
        String inline = " test_bit include/asm-generic/bitops/instrumented-non-atomic.h:110 [inline]";
        assertEquals("include/asm-generic/bitops/instrumented-non-atomic.h",
                CrashTitler.definingPath(inline, inline.indexOf(' ', 2)));
        String library = " memcpy+0x39/0x60 lib/string.c:58";
        assertEquals("lib/string.c", CrashTitler.definingPath(library, library.indexOf('+')),
                "only header paths are discounted: lib/ says where the function lives");
    }

    @Test
    void aTaskWaitingForASocketLockHangsInLockSockNested() throws IOException {
        assertEquals("INFO: task hung in lock_sock_nested", incidents("tune/hung-lock_sock_nested-close.log").get(0).title());
        assertEquals("INFO: task hung in lock_sock_nested", incidents("tune/hung-lock_sock_nested-2020-oldformat.log").get(0).title());
        // The sleep loop is scheduling; the acquisition that called it, and its fast variant, are not.
        assertEquals(FrameRoles.Group.SCHEDULING, FrameRoles.groupOf("__lock_sock"));
        assertNull(FrameRoles.groupOf("lock_sock_nested"));
        assertNull(FrameRoles.groupOf("__lock_sock_fast"));
    }
}
