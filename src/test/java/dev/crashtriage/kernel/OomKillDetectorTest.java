package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OomKillDetectorTest {

    @Test
    void lowmemStarvedPaeBoxWithoutVictimLine() {
        Extraction e = EventTestLogs.extract("oom-lowmem-pae-E3.log", new OomKillDetector());
        List<Incident> ooms = EventTestLogs.ofKind(e, IncidentKind.OOM_KILL);
        assertEquals(1, ooms.size());
        Incident oom = ooms.get(0);
        assertEquals("OOM killer invoked by bash (order 1, gfp_mask 0xd0)", oom.title());
        assertEquals(2, oom.line());
        assertEquals(29, oom.endLine(), "the dump runs to the last 'pages non-shared' line");
        assertEquals("bash", oom.comm());
        assertEquals(3836, oom.pid());
        Map<String, Object> f = oom.facts();
        assertEquals(1, f.get("order"));
        assertEquals("0xd0", f.get("gfp_mask"));
        assertNull(f.get("victim_comm"));
        // Mem-Info summary is in pages; the buddy lists ("445*4kB") say a page is 4 kB.
        assertEquals(13497L * 4, f.get("active_anon_kb"));
        assertEquals(4144756L * 4, f.get("inactive_file_kb"));
        assertEquals(11867217L * 4, f.get("free_kb"));
        assertEquals(68289L * 4, f.get("slab_reclaimable_kb"));
        assertEquals(43788L, f.get("zone_normal_free_kb"));
        assertEquals(44112L, f.get("zone_normal_min_kb"));
        assertEquals(887976L, f.get("zone_normal_present_kb"));
        assertEquals(1, f.get("zone_normal_all_unreclaimable"));
        assertEquals(47420820L, f.get("zone_highmem_free_kb"));
        assertEquals(0, f.get("zone_highmem_all_unreclaimable"));
        assertEquals(4260L + 43788L, f.get("lowmem_free_kb"));
        assertEquals(784L + 44112L, f.get("lowmem_min_kb"));
        assertEquals(4148173L * 4, f.get("pagecache_kb"));
        assertEquals(0L, f.get("swap_free_kb"));
        assertEquals(0L, f.get("swap_total_kb"));
        assertEquals(16777200L * 4, f.get("total_ram_kb"));
        assertEquals(16549378L * 4, f.get("highmem_kb"));
        assertEquals(0, f.get("memcg"));
        // what signatures compare: Normal zone below its min while HighMem is nearly all free
        assertEquals(true, oom.numericFact("zone_normal_free_kb") < oom.numericFact("zone_normal_min_kb"));
    }

    @Test
    void fullReportEndsAtVictimAndSkipsInterleavedAllocationTrace() {
        Extraction e = EventTestLogs.extract("oom-and-pagealloc-brouer-3.18.log", new OomKillDetector());
        List<Incident> ooms = EventTestLogs.ofKind(e, IncidentKind.OOM_KILL);
        assertEquals(1, ooms.size());
        Incident oom = ooms.get(0);
        assertEquals("OOM kill of ovs-vswitchd (invoked by rsyslogd, order 0, gfp_mask 0x201da)", oom.title());
        assertEquals(27, oom.line());
        assertEquals(77, oom.endLine());
        assertEquals(2264, oom.pid());
        assertEquals(1, oom.cpu());
        Map<String, Object> f = oom.facts();
        assertEquals(1845, f.get("victim_pid"));
        assertEquals("ovs-vswitchd", f.get("victim_comm"));
        assertEquals(41352L, f.get("victim_total_vm_kb"));
        assertEquals(732L, f.get("victim_anon_rss_kb"));
        assertEquals(7724L, f.get("victim_file_rss_kb"));
        assertEquals(3985491L * 4, f.get("slab_unreclaimable_kb"));
        assertEquals(26484L * 4, f.get("free_kb"));
        assertEquals(24532L, f.get("zone_normal_free_kb"));
        assertEquals(59424L, f.get("zone_normal_min_kb"));
        assertEquals(0, f.get("zone_normal_all_unreclaimable"));
        assertEquals(1, f.get("zone_dma32_all_unreclaimable"));
        assertEquals(15856L + 64740L + 24532L, f.get("lowmem_free_kb"));
        assertEquals(64L + 8092L + 59424L, f.get("lowmem_min_kb"));
        assertEquals(8198904L, f.get("swap_free_kb"));
        assertEquals(8216572L, f.get("swap_total_kb"));
        assertEquals(4184707L * 4, f.get("total_ram_kb"));
        assertEquals(0L, f.get("highmem_kb"));
        assertEquals(2081L * 4, f.get("pagecache_kb"));
    }

    @Test
    void titleUsesFlagNamesWhenTheKernelPrintsThem() {
        // From Tetsuo Handa, linux-mm "Re: [PATCH 5/5] mm, oom_reaper: implement OOM victims queuing",
        // 2016-02-16, Message-Id <201602162011.ECG52697.VOLJFtOQHFMSFO@I-love.SAKURA.ne.jp> (4.5.0-rc4-next);
        // the reporter's "(...snipped...)" line between the header and the victim pair is left out.
        IncidentExtractor x = new IncidentExtractor(List.of(new OomKillDetector()));
        String[] log = {
            "[  140.758667] a.out invoked oom-killer: gfp_mask=0x24280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), order=0, oom_score_adj=0",
            "[  140.760706] a.out cpuset=/ mems_allowed=0",
            "[  140.860676] Out of memory (oom_kill_allocating_task): Kill process 10595 (a.out) score 0 or sacrifice child",
            "[  140.864883] Killed process 10596 (a.out) total-vm:4176kB, anon-rss:80kB, file-rss:0kB, shmem-rss:0kB",
            "[  140.868483] oom_reaper: reaped process 10596 (a.out), now anon-rss:0kB, file-rss:0kB, shmem-rss:0lB",
        };
        for (int i = 0; i < log.length; i++) {
            x.accept(EventTestLogs.parse("t", i + 1, log[i]));
        }
        Extraction e = x.finish();
        assertEquals(1, e.incidents().size());
        Incident oom = e.incidents().get(0);
        assertEquals("OOM kill of a.out (invoked by a.out, order 0, GFP_HIGHUSER_MOVABLE|__GFP_ZERO)", oom.title());
        assertEquals(10596, oom.facts().get("victim_pid"), "the killed child, not the first choice");
        assertEquals(4, oom.endLine());
        assertEquals(1, e.context().get("oom-reaper"));
    }

    @Test
    void memcgKillLineAloneAndACutSecondReport() {
        Extraction e = EventTestLogs.extract("oom-memcg-uwsgi-5.4.log", new OomKillDetector());
        List<Incident> ooms = EventTestLogs.ofKind(e, IncidentKind.OOM_KILL);
        assertEquals(2, ooms.size());
        Incident kill = ooms.get(0);
        assertEquals("Memory cgroup OOM kill of uwsgi", kill.title());
        assertEquals(1, kill.facts().get("memcg"));
        assertEquals(63214, kill.facts().get("victim_pid"));
        assertEquals(3149468L, kill.facts().get("victim_total_vm_kb"));
        assertEquals(164992L, kill.facts().get("victim_anon_rss_kb"));
        assertEquals(2, kill.endLine());
        Incident cut = ooms.get(1);
        assertEquals("OOM killer invoked by uwsgi (order 0, GFP_KERNEL)", cut.title());
        assertEquals("0xcc0(GFP_KERNEL)", cut.facts().get("gfp_mask"));
        assertEquals(63635, cut.pid());
        assertEquals(4, cut.line());
        assertEquals(14, cut.endLine());
        assertEquals(1, e.context().get("oom-reaper"));
    }
}
