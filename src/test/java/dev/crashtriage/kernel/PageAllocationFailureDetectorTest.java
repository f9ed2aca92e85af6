package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageAllocationFailureDetectorTest {

    @Test
    void namedGfpFlagsInSyslogCapture() {
        Extraction e = EventTestLogs.extract("pagealloc-coreos-4.9.log", new PageAllocationFailureDetector());
        List<Incident> found = EventTestLogs.ofKind(e, IncidentKind.PAGE_ALLOCATION_FAILURE);
        assertEquals(1, found.size());
        Incident i = found.get(0);
        assertEquals("page allocation failure: order 0, GFP_ATOMIC|__GFP_COLD|__GFP_COMP (java)", i.title());
        assertEquals(0, i.facts().get("order"));
        assertEquals("0x2084120(GFP_ATOMIC|__GFP_COLD|__GFP_COMP)", i.facts().get("gfp_mask"));
        assertEquals(1, i.facts().get("atomic"));
        assertEquals(2, i.line());
        assertEquals(14, i.endLine(), "the call trace belongs to the report");
    }

    @Test
    void oldBareMaskOnArm() {
        Extraction e = EventTestLogs.extract("pagealloc-archarm-4.3.log", new PageAllocationFailureDetector());
        Incident i = e.incidents().get(0);
        assertEquals(1, e.incidents().size());
        assertEquals("page allocation failure: order 0, mode 0x20 (systemd-cgroups)", i.title());
        assertEquals("0x20", i.facts().get("gfp_mask"));
        assertEquals(1, i.facts().get("atomic"), "0x20 is GFP_ATOMIC (__GFP_HIGH) in 4.3");
        assertEquals(14, i.endLine());
    }

    @Test
    void failuresAroundAnOomReportStaySeparateAndRepeatsAreCounted() {
        Extraction e = EventTestLogs.extract("oom-and-pagealloc-brouer-3.18.log", new PageAllocationFailureDetector());
        List<Incident> found = EventTestLogs.ofKind(e, IncidentKind.PAGE_ALLOCATION_FAILURE);
        assertEquals(2, found.size());
        Incident first = found.get(0);
        assertEquals(5, first.line());
        assertEquals(26, first.endLine(), "stops where the OOM report starts");
        assertEquals(1L, first.facts().get("failures"));
        Incident second = found.get(1);
        assertEquals(78, second.line());
        assertEquals(87, second.endLine());
        assertEquals(2L, second.facts().get("failures"), "the same failure printed twice at once is one incident");
        assertEquals("0x204020", second.facts().get("gfp_mask"));
        assertEquals(1, second.facts().get("atomic"));
    }

    @Test
    void sleepingAllocationIsNotAtomic() {
        // masks from the node_exporter#2990 and dm-writeboost#72 reports: 0xd0 (GFP_KERNEL), 0x204010
        assertFalse(PageAllocationFailureDetector.isAtomic("0xd0"));
        assertFalse(PageAllocationFailureDetector.isAtomic("0x204010"));
        assertTrue(PageAllocationFailureDetector.isAtomic("0x1080020(GFP_ATOMIC)"));
        assertFalse(PageAllocationFailureDetector.isAtomic("0x24200ca(GFP_HIGHUSER_MOVABLE)"));
    }

    @Test
    void bareAtomicModesOfOlderKernels() {
        // Alexander Beregalov, linux-mm "2.6.29-rc3: page allocation failure": mode 0x4020 is __GFP_HIGH|__GFP_COMP
        // (decoded so by Mel Gorman's gfp-translate patch mail, <20090608132950.GB15070@csn.ul.ie>)
        IncidentExtractor x = new IncidentExtractor(List.of(new PageAllocationFailureDetector()));
        x.accept(EventTestLogs.parse("t", 1, "rtorrent: page allocation failure. order:1, mode:0x4020"));
        x.accept(EventTestLogs.parse("t", 2, "Pid: 2161, comm: rtorrent Not tainted 2.6.29-rc3 #1"));
        Incident i = x.finish().incidents().get(0);
        assertEquals(1, i.fact(Facts.ATOMIC));
        assertEquals(1, i.fact(Facts.ORDER));
        assertEquals("rtorrent", i.comm());
        assertTrue(PageAllocationFailureDetector.isAtomic("0x120"), "__GFP_HIGH|__GFP_COLD (2.6: GFP_ATOMIC for a cold page)");
        assertTrue(PageAllocationFailureDetector.isAtomic("0x20"), "GFP_ATOMIC alone");
        assertFalse(PageAllocationFailureDetector.isAtomic("0xd0"), "GFP_KERNEL: __GFP_WAIT|__GFP_IO|__GFP_FS");
        assertFalse(PageAllocationFailureDetector.isAtomic("0x201da"), "GFP_HIGHUSER_MOVABLE sleeps");
    }
}
