package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guilty-frame rules: what makes a frame infrastructure (its source path, else its name's group),
 * each rule with a frame it must skip and a look-alike it must not. Frame lines are from syzkaller's
 * annotated logs (Apache-2.0, via ../shared/corpus/syzkaller; file numbers given) unless marked constructed.
 */
class FrameRolesTest {

    private static String guilty(String... lines) {
        CrashTitler.Result r = CrashTitler.title(List.of(lines));
        return r == null ? null : r.guiltyFrame();
    }

    @Test
    void sourcePathUnderLibIsInfrastructureWhateverTheName() {
        // syzkaller 338: the KASAN self-test module lives in lib/, so its caller is blamed.
        assertTrue(FrameRoles.isInfrastructure("kmalloc_oob_right", "lib/test_kasan.c"));
        assertTrue(FrameRoles.isInfrastructure("__list_del_entry_valid", "lib/list_debug.c"));
        assertTrue(FrameRoles.isInfrastructure("instrument_atomic_read_write", "include/linux/instrumented.h"));
        assertTrue(FrameRoles.isInfrastructurePath("mm/kasan/report.c"));
        assertTrue(FrameRoles.isInfrastructurePath("kernel/locking/lockdep.c"));
        assertTrue(FrameRoles.isInfrastructurePath("arch/x86/lib/memcpy_64.S"));
        assertTrue(FrameRoles.isInfrastructurePath("crypto/sha256_generic.c"));
    }

    @Test
    void sourcePathOutsideInfrastructureDoesNotMakeAFrameGeneric() {
        assertFalse(FrameRoles.isInfrastructure("ext4_fill_super", "fs/ext4/super.c"));
        assertFalse(FrameRoles.isInfrastructure("nsim_dev_trap_report_work", "drivers/net/netdevsim/dev.c"));
        // AF_ALG is the socket entry of the crypto API, not library code.
        assertFalse(FrameRoles.isInfrastructurePath("crypto/af_alg.c"));
        assertFalse(FrameRoles.isInfrastructurePath("crypto/algif_hash.c"));
    }

    @Test
    void pathPrintedAfterTheFrameDecides() {
        // Constructed from the shape of modern symbolized reports (syzkaller 694, 698): the first frame
        // after the report machinery is a CRC helper in lib/, the next one the filesystem that called it.
        String g = guilty(
                "BUG: KASAN: use-after-free in crc_itu_t+0x1d5/0x2a0 lib/crc-itu-t.c:60",
                "Read of size 1 at addr ffff88801f8d3000 by task syz-executor/5075",
                "Call Trace:",
                " <TASK>",
                " __dump_stack lib/dump_stack.c:88 [inline]",
                " dump_stack_lvl+0x1e3/0x2d0 lib/dump_stack.c:106",
                " print_report+0x163/0x540 mm/kasan/report.c:475",
                " kasan_report+0x175/0x1b0 mm/kasan/report.c:588",
                " crc_itu_t+0x1d5/0x2a0 lib/crc-itu-t.c:60",
                " udf_finalize_lvid+0x111/0x230 fs/udf/super.c:2018",
                " udf_sync_fs+0xda/0x110 fs/udf/super.c:2377");
        assertEquals("udf_finalize_lvid", g);
    }

    @Test
    void namesAreMatchedWholeNotAsFragments() {
        // A fragment list matched "_trap" inside a driver's work function (syzkaller 694) and "down" in "shutdown".
        assertNull(FrameRoles.groupOf("nsim_dev_trap_report_work"));
        assertNull(FrameRoles.groupOf("tcp_shutdown"));
        assertNull(FrameRoles.groupOf("ext4_xattr_string"));
        assertNull(FrameRoles.groupOf("wake_up_new_task"), "syzkaller 68 blames the scheduler function itself");
        assertNull(FrameRoles.groupOf("mwifiex_unregister_dev"), "a driver's own teardown (syzkaller 390)");
        assertNull(FrameRoles.groupOf("video_unregister_device"));
    }

    @Test
    void groupsCoverTheFamiliesOfTheIssue() {
        assertEquals(FrameRoles.Group.STRING_MEMORY, FrameRoles.groupOf("memcpy"));
        assertEquals(FrameRoles.Group.STRING_MEMORY, FrameRoles.groupOf("__memcpy_erms"));
        assertEquals(FrameRoles.Group.STRING_MEMORY, FrameRoles.groupOf("strscpy"));
        assertEquals(FrameRoles.Group.STRING_MEMORY, FrameRoles.groupOf("_copy_to_user"));
        assertEquals(FrameRoles.Group.STRING_MEMORY, FrameRoles.groupOf("simple_copy_to_iter"));
        assertEquals(FrameRoles.Group.CHECKSUM_CRYPTO, FrameRoles.groupOf("crc32c_le"));
        assertEquals(FrameRoles.Group.CHECKSUM_CRYPTO, FrameRoles.groupOf("csum_partial_copy_generic"));
        assertEquals(FrameRoles.Group.ATOMIC_ACCESSORS, FrameRoles.groupOf("_atomic_dec_and_lock_irqsave"));
        assertEquals(FrameRoles.Group.ATOMIC_ACCESSORS, FrameRoles.groupOf("refcount_warn_saturate"));
        assertEquals(FrameRoles.Group.ATOMIC_ACCESSORS, FrameRoles.groupOf("__raw_readb"));
        assertEquals(FrameRoles.Group.DATA_STRUCTURES, FrameRoles.groupOf("rhashtable_lookup_fast"));
        assertEquals(FrameRoles.Group.DATA_STRUCTURES, FrameRoles.groupOf("idr_alloc_u32"));
        assertEquals(FrameRoles.Group.DATA_STRUCTURES, FrameRoles.groupOf("kobject_put"));
        assertEquals(FrameRoles.Group.DATA_STRUCTURES, FrameRoles.groupOf("__list_add_valid"));
        assertEquals(FrameRoles.Group.TIMERS_WORK, FrameRoles.groupOf("__mod_timer"));
        assertEquals(FrameRoles.Group.TIMERS_WORK, FrameRoles.groupOf("__queue_work"));
        assertEquals(FrameRoles.Group.ALLOCATOR, FrameRoles.groupOf("___kmalloc_large_node"));
        assertEquals(FrameRoles.Group.ALLOCATOR, FrameRoles.groupOf("kmem_cache_alloc_node"));
        assertEquals(FrameRoles.Group.FAULT_INJECTION, FrameRoles.groupOf("should_failslab"));
        assertEquals(FrameRoles.Group.LOCKING, FrameRoles.groupOf("_raw_spin_lock_irqsave"));
        assertEquals(FrameRoles.Group.LOCKING, FrameRoles.groupOf("register_lock_class"));
        assertEquals(FrameRoles.Group.DEBUG_OBJECTS, FrameRoles.groupOf("debug_check_no_obj_freed"));
        assertEquals(FrameRoles.Group.FAULT_HANDLERS, FrameRoles.groupOf("exc_page_fault"));
        assertEquals(FrameRoles.Group.FAULT_HANDLERS, FrameRoles.groupOf("do_DataAbort"));
        assertEquals(FrameRoles.Group.TRACING, FrameRoles.groupOf("perf_trace_lock"));
        assertEquals(FrameRoles.Group.REGISTRATION, FrameRoles.groupOf("hwrng_unregister"));
        assertEquals(FrameRoles.Group.REGISTRATION, FrameRoles.groupOf("rollback_registered_many"));
        assertEquals(FrameRoles.Group.CALLER_CHECKS, FrameRoles.groupOf("mark_buffer_dirty"));
        assertEquals(FrameRoles.Group.COMPILER_ARTEFACTS, FrameRoles.groupOf("__pfx_bfs_get_block"));
    }

    @Test
    void compilerSuffixesDoNotHideTheGroup() {
        assertEquals(FrameRoles.Group.STRING_MEMORY, FrameRoles.groupOf("memcpy.constprop.0"));
        assertEquals(FrameRoles.Group.SANITIZER, FrameRoles.groupOf("__kasan_report.cold"));
    }

    @Test
    void contextReportsBlameTheDirectCallerEvenInLibraryCode() {
        // syzkaller 498: the radix-tree allocator called smp_processor_id() in preemptible code.
        String g = guilty(
                "BUG: using smp_processor_id() in preemptible [00000000] code: syz-executor0/4747",
                "caller is radix_tree_node_alloc+0x1a6/0x370",
                "Call Trace:",
                " __dump_stack lib/dump_stack.c:17 [inline]",
                " dump_stack+0x194/0x257 lib/dump_stack.c:53",
                " check_preemption_disabled+0x1ec/0x200 lib/smp_processor_id.c:47",
                " debug_smp_processor_id+0x1c/0x20 lib/smp_processor_id.c:57",
                " radix_tree_node_alloc+0x1a6/0x370 lib/radix-tree.c:393",
                " idr_get_free_cmn+0x627/0xf80 lib/radix-tree.c:2126");
        assertEquals("radix_tree_node_alloc", g);
    }

    @Test
    void syscallWrappersAreOneSyscall() {
        assertEquals("sys_recvmmsg", FrameRoles.syscallName("__x64_sys_recvmmsg"));
        assertEquals("sys_socket", FrameRoles.syscallName("__arm64_sys_socket"));
        assertEquals("sys_mount", FrameRoles.syscallName("__se_sys_mount"));
        assertEquals("sys_mount", FrameRoles.syscallName("__do_sys_mount"));
        assertEquals("sys_futex", FrameRoles.syscallName("SyS_futex"));
        assertEquals("sys_rmdir", FrameRoles.syscallName("SYSC_rmdir"));
        assertEquals("compat_sys_ioctl", FrameRoles.syscallName("__ia32_compat_sys_ioctl"));
        assertEquals("compat_sys_mount", FrameRoles.syscallName("compat_SyS_mount"));
        assertEquals("sys_inotify_init", FrameRoles.syscallName("__ia32_sys_inotify_init"));
    }

    @Test
    void handWrittenWorkersKeepTheirNames() {
        assertEquals("do_sys_open", FrameRoles.syscallName("do_sys_open"));
        assertEquals("ksys_write", FrameRoles.syscallName("ksys_write"));
        assertEquals("do_syscall_64", FrameRoles.syscallName("do_syscall_64"));
        assertEquals("nfs_sysfs_init", FrameRoles.syscallName("nfs_sysfs_init"));
    }

    @Test
    void anInnerDoWorkerIsReportedAsItsEntryPoint() {
        // Shape of syzkaller 1000's hung task (Apache-2.0), shortened: do_read_cache_folio under read_cache_folio.
        String g = guilty(
                "INFO: task syz-executor:5123 blocked for more than 143 seconds.",
                "Call Trace:",
                " <TASK>",
                " context_switch kernel/sched/core.c:5380 [inline]",
                " __schedule+0x14d2/0x44d0 kernel/sched/core.c:6698",
                " schedule+0x149/0x260 kernel/sched/core.c:6772",
                " io_schedule+0x8c/0x100 kernel/sched/core.c:9018",
                " folio_wait_bit_common+0x882/0x12b0 mm/filemap.c:1301",
                " do_read_cache_folio+0x1e0/0x7f0 mm/filemap.c:3771",
                " read_cache_folio+0x57/0x80 mm/filemap.c:3812",
                " udf_rmdir+0x2c4/0x6f0 fs/udf/namei.c:550");
        assertEquals("read_cache_folio", g);
    }

    @Test
    void aDoWorkerUnderAnotherFunctionKeepsItsName() {
        // Constructed: do_mount under the mount syscall's wrapper is its own function.
        String g = guilty(
                "INFO: task mount:4410 blocked for more than 120 seconds.",
                "Call Trace:",
                " schedule+0x3e/0x90",
                " rwsem_down_write_slowpath+0x2a1/0x5b0",
                " do_mount+0x1b7/0x9a0",
                " __x64_sys_mount+0xd2/0x120",
                " do_syscall_64+0x33/0x80");
        assertEquals("do_mount", g);
    }

    @Test
    void schedulingPrimitivesAreInfrastructureAndWaitsAreKnownByName() {
        assertEquals(FrameRoles.Group.SCHEDULING, FrameRoles.groupOf("schedule_timeout"));
        assertEquals(FrameRoles.Group.SCHEDULING, FrameRoles.groupOf("io_schedule"));
        assertEquals(FrameRoles.Group.SCHEDULING, FrameRoles.groupOf("out_of_line_wait_on_bit"));
        assertEquals(null, FrameRoles.groupOf("sched_setaffinity"), "a scheduler syscall is no sleeping primitive");
        // For hung tasks only: wrappers that wait or take a lock say so by name.
        org.junit.jupiter.api.Assertions.assertTrue(FrameRoles.isWaitByName("fdatawait_one_bdev"));
        org.junit.jupiter.api.Assertions.assertTrue(FrameRoles.isWaitByName("console_lock"));
        org.junit.jupiter.api.Assertions.assertFalse(FrameRoles.isWaitByName("iterate_bdevs"));
        org.junit.jupiter.api.Assertions.assertFalse(FrameRoles.isWaitByName("blk_mq_sched_dispatch_requests"));
    }
}
