package dev.crashtriage.kernel;

import dev.crashtriage.input.LogReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The headline of a report is the crash, not the storage episode printed around it. The log is
 * constructed: a loop-device I/O error in the block layer's format, then a KASAN report shortened
 * from syzkaller file 226 (Apache-2.0, via ../shared/corpus/syzkaller).
 */
class HeadlineTest {

    private static List<Incident> incidents(String log) throws IOException {
        IncidentExtractor x = new IncidentExtractor();
        new LogReader().read(new ByteArrayInputStream(log.getBytes(StandardCharsets.ISO_8859_1)), "t", null, x::accept);
        return x.finish().incidents();
    }

    private static final String IO_ERROR = String.join("\n",
            "[  101.100001] blk_update_request: I/O error, dev loop0, sector 0 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0",
            "[  101.100101] blk_update_request: I/O error, dev loop0, sector 8 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0",
            "[  101.100201] Buffer I/O error on dev loop0, logical block 1, async page read", "");

    private static final String KASAN = String.join("\n",
            "[  102.200001] ==================================================================",
            "[  102.200002] BUG: KASAN: use-after-free in rdma_listen+0x1b/0x760",
            "[  102.200003] Read of size 4 at addr ffff8801c7a8b0c8 by task syz-executor4/18397",
            "[  102.200004] CPU: 0 PID: 18397 Comm: syz-executor4 Not tainted 4.15.0-rc9+ #1",
            "[  102.200005] Call Trace:",
            "[  102.200006]  dump_stack+0x194/0x257",
            "[  102.200007]  print_address_description+0x73/0x250",
            "[  102.200008]  kasan_report+0x25b/0x340",
            "[  102.200009]  rdma_listen+0x1b/0x760",
            "[  102.200010]  ucma_listen+0x172/0x1f0",
            "[  102.200011]  ucma_write+0x2d6/0x3d0",
            "[  102.200012]  __vfs_write+0xef/0x970",
            "[  102.200013] ==================================================================", "");

    @Test
    void theCrashHeadsTheReportOverTheIoErrorsBeforeIt() throws IOException {
        List<Incident> found = incidents(IO_ERROR + KASAN);
        Incident primary = Headline.primary(found);
        assertEquals(IncidentKind.KASAN, primary.kind(), () -> found.toString());
        assertTrue(found.get(0).line() < primary.line(), "the I/O error episode is found first, and is not the headline");
        assertSame(primary, Headline.headlineFirst(found).get(0));
        assertEquals(found.size(), Headline.headlineFirst(found).size());
    }

    @Test
    void withoutACrashTheFirstIncidentIsTheHeadline() throws IOException {
        List<Incident> found = incidents(IO_ERROR);
        assertFalse(found.isEmpty());
        assertSame(found.get(0), Headline.primary(found));
        assertSame(found, Headline.headlineFirst(found), "no reordering without a crash");
    }
}
