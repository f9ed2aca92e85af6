package dev.crashtriage.kernel;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Tells whether a stack frame is kernel infrastructure (never the guilty frame) or the code that
 * used it. The guilty frame of a report is the first frame that is not infrastructure.
 *
 * <p>Two signals, strongest first:
 * <ol>
 *   <li>The source path, when the log prints one ({@code memcpy+0x12/0x40 lib/string.c:58}, or
 *   {@code __list_del_entry include/linux/list.h:132 [inline]}): code under {@link #INFRASTRUCTURE_PATHS}
 *   is library or reporting machinery, whatever its name.</li>
 *   <li>Otherwise the name, by {@link Group}: families of functions that live in those files (or in
 *   the allocator, timer, workqueue and driver-core files that play the same part), each group
 *   documented with where its functions live in the kernel tree. A name is matched whole against a
 *   group's patterns, never as a fragment anywhere in the name: {@code nsim_dev_trap_report_work} is
 *   no trap handler and {@code tcp_shutdown} no semaphore.</li>
 * </ol>
 * docs/incidents.md explains the groups with examples; {@link #VERSION} changes when they change.
 */
final class FrameRoles {

    /** Version of the title and guilty-frame rules; a fingerprint store compares it to know when titles changed. */
    static final int VERSION = 6;

    /**
     * Source trees whose functions are infrastructure: generic libraries (lib/, lib/crypto/, crypto/
     * algorithms), inline helpers of headers (include/, arch/x/include/), sanitizers and their
     * runtime (mm/kasan/, mm/kmsan/, mm/kfence/, kernel/kcsan/, kernel/kcov.c, mm/kmemleak.c), locking
     * primitives (kernel/locking/), architecture string/copy/checksum code (arch/x/lib/), the report
     * machinery (kernel/panic.c, kernel/printk/, arch/x/kernel/dumpstack*, traps.c, stacktrace.c, the
     * page-fault handlers arch/x/mm/fault.c), fault injection and the slab/page allocators.
     * AF_ALG and the crypto user API are excluded from crypto/: they are entry points, not library code.
     */
    private static final Pattern INFRASTRUCTURE_PATHS = Pattern.compile(
            "^(?:\\./)?(?:lib/|include/|arch/[a-z0-9_]+/(?:lib|include|crypto)/|mm/(?:kasan|kmsan|kfence)/|kernel/kcsan/"
                    + "|kernel/locking/|kernel/kcov\\.c|mm/kmemleak\\.c|kernel/panic\\.c|kernel/printk/|kernel/stacktrace\\.c"
                    + "|arch/[a-z0-9_]+/kernel/(?:dumpstack[a-z_0-9]*|traps|stacktrace|entry-common)\\.c"
                    + "|arch/[a-z0-9_]+/mm/(?:fault|extable)\\.c|mm/failslab\\.c|mm/fail_page_alloc\\.c|kernel/fail_function\\.c"
                    + "|mm/sl[aou]b(?:_common)?\\.c|mm/page_alloc\\.c|kernel/trace/trace_preemptirq\\.c"
                    + "|crypto/(?!af_alg|algif_|crypto_user))");

    /** A documented family of infrastructure functions (see docs/incidents.md, "Guilty frames"). */
    enum Group {
        /**
         * kernel/panic.c (with the stack protector's __stack_chk_fail), lib/bug.c, lib/dump_stack.c, kernel/printk/, the "might
         * sleep" and stack walking checks, lib/smp_processor_id.c's preemption checks, mm/page_alloc.c's bad_page() and mm/usercopy.c's reports.
         */
        REPORTING("panic|panic_[a-z0-9_]+|[a-z0-9_]+_panic|__warn[a-z0-9_]*|warn_slowpath[a-z0-9_]*|warn_alloc[a-z0-9_]*|report_bug|fixup_bug"
                + "|_{0,2}dump_stack[a-z0-9_]*|dump_backtrace|show_stack|_{0,2}show_regs|show_trace_log_lvl|print_[a-z0-9_]+|_?printk|printk_[a-z0-9_]+|vprintk[a-z0-9_]*"
                + "|_?dev_(?:printk|info|notice|warn|err|alert|crit|emerg)|_{0,2}netdev_(?:printk|info|notice|warn|err|alert|crit|emerg)"
                + "|_{0,3}might_(?:sleep|resched|fault)|stack_trace_[a-z0-9_]+|arch_stack_walk|walk_stackframe|save_stack[a-z0-9_]*"
                + "|kunit_[a-z0-9_]+|check_preemption_disabled|debug_smp_processor_id|__this_cpu_preempt_check|__stack_chk_fail|bad_page|usercopy_(?:warn|abort)"),
        /** Formatting library, lib/vsprintf.c. */
        FORMATTING("v?s(?:c)?n?printf|vscnprintf|k?v?asprintf|kvasprintf[a-z0-9_]*|format_decode|string|string_nocheck|widen_string"
                + "|pointer|number|va_format|bstr_printf|vbin_printf|symbol_string"),
        /** Sanitizer runtimes and instrumentation: mm/kasan/, mm/kmsan/, kernel/kcsan/, mm/kfence/, lib/ubsan.c, kernel/kcov.c. */
        SANITIZER("_{0,2}k?asan_[a-z0-9_]+|kasan[a-z0-9_]*|__asan[a-z0-9_]*|__hwasan[a-z0-9_]*|__msan[a-z0-9_]*|kmsan[a-z0-9_]*"
                + "|__tsan[a-z0-9_]*|kcsan[a-z0-9_]*|__kcsan[a-z0-9_]*|kfence[a-z0-9_]*|__kfence[a-z0-9_]*|__ubsan[a-z0-9_]*|ubsan_[a-z0-9_]+"
                + "|__sanitizer[a-z0-9_]*|check_memory_region[a-z0-9_]*|write_comp_data|__fortify_[a-z0-9_]+|fortify_panic"
                + "|instrument_[a-z0-9_]+|kmemleak_[a-z0-9_]+|create_object"),
        /** String and memory primitives and user copies: lib/string.c, arch/x/lib/memcpy_64.S, copy_user_64.S, lib/iov_iter.c, lib/usercopy.c. */
        STRING_MEMORY("_{0,2}(?:mem(?:cpy|cmp|set|chr|move|scan|chr_inv)|bcmp)(?:_[a-z0-9]+)?|_{0,2}str(?:n?cmp|n?casecmp|l?cpy|n?cpy|scpy|n?len"
                + "|n?str|n?chr|r?chr|n?cat|lcat|sep|spn|cspn|pbrk)(?:_[a-z0-9]+)?|kmemdup[a-z0-9_]*|kstrn?dup[a-z0-9_]*|v?memdup_user[a-z0-9_]*"
                + "|[a-z0-9_]*copy_(?:to|from|in)_user[a-z0-9_]*|copy_user_[a-z0-9_]+|_{0,2}(?:get|put)_user[a-z_0-9]*"
                + "|copyin|copyout|[a-z0-9_]*copy_(?:to|from)_iter[a-z0-9_]*|copy_page_(?:to|from)_iter[a-z0-9_]*|strn(?:cpy|len)_from_user"
                + "|strnlen_user|_{0,2}check_object_size|check_heap_object|clear_user|__clear_user|rep_movs_alternative|fault_in_[a-z0-9_]+"),
        /** Checksums and the crypto library: lib/crc*.c, lib/crypto/, arch/x/lib/csum*, crypto/ algorithms. */
        CHECKSUM_CRYPTO("crc[0-9a-z_]*|__crc[0-9a-z_]+|csum_[a-z_0-9]+|__csum_[a-z_0-9]+|do_csum|ip_fast_csum|ip_compute_csum"
                + "|sha(?:1|224|256|384|512)[a-z_0-9]*|md5_[a-z0-9_]+|chacha[a-z_0-9]*|poly1305[a-z_0-9]*|blake2s[a-z_0-9]*"
                + "|curve25519[a-z_0-9]*|siphash[a-z_0-9]*|xxh(?:32|64)[a-z_0-9]*|jhash[a-z_0-9]*"),
        /** Atomics, bit operations, refcounts, READ_ONCE-style and MMIO accessors: include/linux/atomic/, lib/refcount.c, asm/io.h. */
        ATOMIC_ACCESSORS("_{0,2}(?:arch_|raw_)?atomic(?:64|_long)?_[a-z0-9_]+|_{0,2}refcount_[a-z0-9_]+|(?:arch_)?(?:__)?test_and_(?:set|clear|change)_bit[a-z0-9_]*"
                + "|(?:__)?(?:set|clear|change)_bit|read_word_at_a_time|__read_once[a-z0-9_]*|__write_once[a-z0-9_]*"
                + "|__raw_(?:read|write)[bwlq]|(?:read|write)[bwlq](?:_relaxed)?|io(?:read|write)(?:8|16|32|64)[a-z0-9_]*"
                + "|__(?:read|write)_overflow|logic_(?:in|out)[bwlq]?|_{0,2}(?:in|out)[bwl](?:_p)?"),
        /** Generic data structures: lib/list_debug.c, lib/rbtree.c, lib/rhashtable.c, lib/idr.c, lib/xarray.c, lib/radix-tree.c, lib/kobject*.c, lib/klist.c, lib/ref_tracker.c. */
        DATA_STRUCTURES("_{0,2}list_(?:add|del|replace|move|splice|cut|rotate|swap|bulk)[a-z0-9_]*|__list_[a-z0-9_]+|h?list_[a-z0-9_]*valid[a-z0-9_]*"
                + "|hlist_[a-z0-9_]+|__hlist_[a-z0-9_]+|llist_[a-z0-9_]+|rb_[a-z0-9_]+|__rb_[a-z0-9_]+|rhashtable_[a-z0-9_]+|__rhashtable_[a-z0-9_]+"
                + "|rht_[a-z0-9_]+|rhltable_[a-z0-9_]+|idr_[a-z0-9_]+|ida_[a-z0-9_]+|xa_[a-z0-9_]+|__xa_[a-z0-9_]+|xas_[a-z0-9_]+|radix_tree_[a-z0-9_]+"
                + "|__radix_tree_[a-z0-9_]+|klist_[a-z0-9_]+|kobject_[a-z0-9_]+|kset_[a-z0-9_]+|kref_[a-z0-9_]+|add_uevent_var|bitmap_[a-z0-9_]+"
                + "|__bitmap_[a-z0-9_]+|_?find_(?:next|first|last)_[a-z0-9_]*bit[a-z0-9_]*|ref_tracker_[a-z0-9_]+|assoc_array_[a-z0-9_]+"),
        /** Timers, workqueue plumbing and completions: kernel/time/timer.c, kernel/workqueue.c, kernel/sched/completion.c, kernel/sched/wait.c. */
        TIMERS_WORK("(?:__)?(?:del|mod|add)_timer[a-z0-9_]*|try_to_del_timer_sync|timer_delete[a-z0-9_]*|lock_timer_base|timer_is_static_object"
                + "|_{0,2}queue_(?:delayed_)?work[a-z0-9_]*|insert_work|_{0,2}flush_work[a-z0-9_]*|_{0,2}flush_workqueue|drain_workqueue|destroy_workqueue"
                + "|_{0,2}cancel_(?:delayed_)?work[a-z0-9_]*|try_to_grab_pending|work_is_static_object|complete|complete_all"
                + "|wait_for_completion[a-z0-9_]*|finish_wait|prepare_to_wait[a-z0-9_]*|__wake_up[a-z0-9_]*|wake_up_(?:bit|var|process|state)|kthread_stop[a-z0-9_]*"),
        /**
         * The scheduler's sleeping primitives and the wait loops built on them: kernel/sched/core.c ({@code schedule},
         * {@code schedule_timeout}, {@code io_schedule}, the context switch), kernel/sched/wait_bit.c ({@code out_of_line_wait_on_bit},
         * {@code bit_wait_io}), kernel/sched/wait.c ({@code __wait_event*} expansions, {@code wait_woken}), mm/filemap.c's page and
         * folio waits, and the socket lock's sleep loop net/core/sock.c {@code __lock_sock} (prepare_to_wait_exclusive, schedule,
         * until the owner releases it; called by {@code lock_sock_nested}, which stays the title as the lock the task waits for).
         * A task blocked in them is waiting for someone else: never the guilty frame of a hang.
         */
        SCHEDULING("_{0,2}schedule|schedule_[a-z0-9_]+|__schedule[a-z0-9_]*|preempt_schedule[a-z0-9_]*|io_schedule[a-z0-9_]*"
                + "|context_switch|__switch_to[a-z0-9_]*|switch_to_asm|_{0,2}wait_on_bit[a-z0-9_]*|out_of_line_wait_on_bit[a-z0-9_]*"
                + "|bit_wait[a-z0-9_]*|__wait_var_event[a-z0-9_]*|__wait_event[a-z0-9_]*|wait_woken|do_wait_intr[a-z0-9_]*"
                + "|wait_on_page_bit[a-z0-9_]*|__wait_on_page_locked[a-z0-9_]*|folio_wait_bit[a-z0-9_]*|__folio_lock[a-z0-9_]*|__lock_page[a-z0-9_]*"
                + "|wait_for_common[a-z0-9_]*|do_wait_for_common|__wait_for_common|rcu_barrier[a-z0-9_]*|wait_rcu_gp|__wait_rcu_gp"
                + "|_{0,2}filemap_fdatawait[a-z0-9_]*|wait_on_page_writeback|folio_wait_writeback[a-z0-9_]*|wait_on_page_locked[a-z0-9_]*"
                + "|folio_wait_locked[a-z0-9_]*|__lock_sock"),
        /** Slab, page and vmalloc allocator entry points and internals: mm/slub.c, mm/slab_common.c, mm/page_alloc.c, mm/util.c, mm/vmalloc.c, mm/percpu.c. */
        ALLOCATOR("_{0,3}kmalloc[a-z0-9_]*|kmem_cache_[a-z0-9_]+|__kmem_cache_[a-z0-9_]+|_{0,3}slab_[a-z0-9_]+|kfree|kvfree[a-z0-9_]*|kfree_sensitive|kzfree"
                + "|_{0,2}kvmalloc[a-z0-9_]*|kvzalloc[a-z0-9_]*|kzalloc[a-z0-9_]*|kcalloc[a-z0-9_]*|_{0,2}krealloc[a-z0-9_]*|kmalloc_order[a-z0-9_]*"
                + "|kmalloc_large[a-z0-9_]*|free_large_kmalloc|_{0,2}alloc_pages[a-z0-9_]*|__alloc_frozen_pages[a-z0-9_]*|alloc_pages_(?:current|vma)[a-z0-9_]*"
                + "|_{0,2}get_free_pages|_{0,2}free_pages[a-z0-9_]*|free_unref_page[a-z0-9_]*|free_frozen_pages"
                + "|_{0,2}vmalloc[a-z0-9_]*|vzalloc[a-z0-9_]*|vfree[a-z0-9_]*|_{0,2}vunmap|__vmalloc_node_range[a-z0-9_]*"
                + "|pcpu_[a-z0-9_]+|_{0,2}alloc_percpu[a-z0-9_]*|free_percpu"),
        /** Fault injection: lib/fault-inject.c, mm/failslab.c, mm/fail_page_alloc.c. */
        FAULT_INJECTION("should_fail[a-z0-9_]*|__should_fail[a-z0-9_]*|should_failslab|fail_dump"),
        /**
         * Lock primitives and their debugging: kernel/locking/ (lockdep, spinlock, mutex, rwsem, qspinlock, osq), the x86 rwsem
         * slow-path thunks (arch/x86/lib/rwsem.S, call_rwsem_*), the scheduler's runqueue-lock wrappers (kernel/sched/sched.h,
         * core.c: rq_lock, task_rq_lock), irq-state tracing.
         */
        LOCKING("[a-z0-9_]*lockdep[a-z0-9_]*|lock_(?:acquire|release|acquired|contended|is_held[a-z0-9_]*)|__lock_acquire|[a-z0-9_]*lock_class[a-z0-9_]*|validate_chain|check_prevs?_add|check_noncircular|__bfs[a-z0-9_]*"
                + "|reacquire_held_locks|mark_lock[a-z0-9_]*|_{0,2}raw_spin_[a-z0-9_]+|raw_spin_[a-z0-9_]+|spin_[a-z0-9_]+|do_raw_spin_[a-z0-9_]+"
                + "|(?:native_|__pv_|pv_)?queued_(?:spin|read|write)_[a-z0-9_]+|_{0,2}raw_(?:read|write)_[a-z0-9_]+|do_raw_(?:read|write)_[a-z0-9_]+"
                + "|(?:read|write)_(?:lock|unlock|trylock)[a-z0-9_]*|_{0,2}mutex_[a-z0-9_]+|mutex_[a-z0-9_]+|down|down_[a-z0-9_]+|__down[a-z0-9_]*|up|up_read"
                + "|up_write|__up_[a-z0-9_]+|_{0,2}rwsem_[a-z0-9_]+|rwsem_[a-z0-9_]+|percpu_(?:down|up)_[a-z0-9_]+|osq_[a-z0-9_]+|_{0,2}rt_mutex[a-z0-9_]*"
                + "|rt_spin_[a-z0-9_]+|_{0,2}ww_mutex[a-z0-9_]*|call_rwsem_[a-z0-9_]+|_{0,2}task_rq_lock|task_rq_unlock|_{0,2}rq_lock[a-z0-9_]*|rq_unlock[a-z0-9_]*|double_rq_lock|raw_spin_rq_lock[a-z0-9_]*|_?_?local_bh_enable[a-z0-9_]*|warn_bogus_irq_restore|trace_hardirqs_[a-z0-9_]+"),
        /** Debug-object checks: lib/debugobjects.c and the per-type fixup callbacks it calls. */
        DEBUG_OBJECTS("debug_object[a-z0-9_]*|debug_print_object|_{0,2}debug_check_no_[a-z0-9_]+|[a-z0-9_]+_is_static_object|[a-z0-9_]+_fixup_(?:init|activate|free|assert_init)"),
        /** Trap and fault handlers that print the report: arch/x/kernel/traps.c, arch/x/mm/fault.c, arch/arm64/kernel/entry-common.c. */
        FAULT_HANDLERS("do_trap|do_error_trap|do_invalid_op|invalid_op|handle_bug|exc_[a-z0-9_]+|asm_exc_[a-z0-9_]+|do_int3[a-z0-9_]*|math_error"
                + "|_{0,2}die|die_body|oops_(?:begin|end)|__do_page_fault|do_user_addr_fault|do_kern_addr_fault|page_fault_oops"
                + "|kernelmode_fixup_or_oops|no_context|__bad_area[a-z0-9_]*|bad_area[a-z0-9_]*|fixup_exception|do_general_protection"
                + "|do_kernel_fault|__do_kernel_fault|do_tag_check_fault|do_translation_fault|do_bad_area|do_mem_abort|do_sea"
                + "|do_DataAbort|do_PrefetchAbort|do_alignment|__do_user_fault|el1_(?:abort|da|ia|dbg|undef|inv|sync|pc|sp_pc|bti|fpac)[a-z0-9_]*|el1h_64_[a-z0-9_]+|program_check_[a-z0-9_]+"),
        /** Network buffer primitives that check their caller's sizes and drop buffers: net/core/skbuff.c. */
        SKB("kfree_skb[a-z0-9_]*|__kfree_skb|skb_put|skb_push|skb_panic|skb_over_panic|skb_under_panic|sk_?skb_reason_drop"),
        /** Driver core and sysfs registration, which warns about the registering driver: drivers/base/core.c, drivers/base/devres.c, fs/sysfs/. */
        DRIVER_CORE("device_(?:add|del|unregister|destroy|release|for_each_child|remove_file|create_file)|get_device_parent"
                + "|devres_release_all|sysfs_(?:remove|create|warn)_[a-z0-9_]+|put_device|dpm_sysfs_[a-z0-9_]+"),
        /**
         * Subsystem registration APIs seen from a driver: a bug in (un)registering is the calling driver's
         * misuse (twice, or after free). By name: unregister_X and X_unregister (not X_unregister_Y, which is as often a
         * driver's own teardown routine, mwifiex_unregister_dev), the net core's
         * rollback_registered, and i2c's del verbs for the same operation.
         */
        REGISTRATION("_{0,2}unregister_[a-z0-9_]+|[a-z0-9_]+_unregister|rollback_registered[a-z0-9_]*|i2c_del_(?:adapter|driver)"),
        /** USB core request plumbing: drivers/usb/core/urb.c, message.c, hcd.c, and the dummy host controller every URB of a virtual device passes. */
        USB_CORE("usb_(?:submit_urb|kill_urb|kill_anchored_urbs|control_msg[a-z0-9_]*|hcd_submit_urb|start_wait_urb|bulk_msg|interrupt_msg)"
                + "|dummy_urb_enqueue"),
        /** Helpers whose check validates the object the caller handed them: fs/inode.c, fs/dcache.c, fs/buffer.c, mm/filemap.c. */
        CALLER_CHECKS("dput|iput|drop_nlink|clear_nlink|inc_nlink|set_nlink|folio_unlock|unlock_page|mark_buffer_dirty|fast_dput"),
        /** Tracepoint glue generated by TRACE_EVENT (include/trace/perf.h, trace_events.h): it runs inside the traced code. */
        TRACING("perf_trace_[a-z0-9_]+|trace_event_raw_event_[a-z0-9_]+|__traceiter_[a-z0-9_]+|__bpf_trace_[a-z0-9_]+"),
        /** The Rust panic runtime and the C helpers it ends in: core::panicking, rust_begin_unwind, rust/helpers/. */
        RUST_PANIC("(?:__rustc::)?rust_begin_unwind|core::panicking::[A-Za-z0-9_:]+|core::panic::[A-Za-z0-9_:]+|rust_helper_[A-Za-z0-9_]+"
                + "|kernel::panic[A-Za-z0-9_:]*"),
        /** Compiler and linker artefacts: ftrace prefix symbols, retpoline and return thunks. */
        COMPILER_ARTEFACTS("__pfx_[a-zA-Z0-9_]+|__x86_indirect_thunk_[a-z0-9_]+|__x86_return_thunk|[a-z0-9_]*_indirect_thunk_[a-z0-9_]*");

        private final Pattern names;

        Group(String names) {
            this.names = Pattern.compile(names);
        }

        boolean matches(String name) {
            return names.matcher(name).matches();
        }
    }

    private static final Group[] GROUPS = Group.values();
    /** Function names repeat across reports: the verdict per name, empty for ordinary code. */
    private static final ConcurrentHashMap<String, Optional<Group>> CACHE = new ConcurrentHashMap<>();
    private static final int CACHE_MAX = 50_000;

    private FrameRoles() {
    }

    /** Whether a frame is infrastructure: by its source path when one is given, else by its name's group. */
    static boolean isInfrastructure(String name, String path) {
        return isInfrastructurePath(path) || groupOf(name) != null;
    }

    private static final java.util.Set<Group> MACHINERY = java.util.EnumSet.of(Group.REPORTING, Group.SANITIZER, Group.FAULT_HANDLERS,
            Group.FAULT_INJECTION, Group.TRACING, Group.COMPILER_ARTEFACTS);

    /** Whether a function belongs to the machinery that detects and prints a report (not to the code it reports on). */
    static boolean isReportingMachinery(String name) {
        Group g = groupOf(name);
        return g != null && MACHINERY.contains(g);
    }

    /** Whether code in this source file is infrastructure. */
    static boolean isInfrastructurePath(String path) {
        return path != null && INFRASTRUCTURE_PATHS.matcher(path).find();
    }

    /** The infrastructure group a function name belongs to, or null for ordinary code. */
    static Group groupOf(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        String base = FrameParser.baseName(name);
        Optional<Group> known = CACHE.get(base);
        if (known != null) {
            return known.orElse(null);
        }
        Group found = null;
        for (Group g : GROUPS) {
            if (g.matches(base)) {
                found = g;
                break;
            }
        }
        if (CACHE.size() >= CACHE_MAX) {
            CACHE.clear();
        }
        CACHE.put(base, Optional.ofNullable(found));
        return found;
    }

    /**
     * Generated wrappers of SYSCALL_DEFINE (include/linux/syscalls.h: {@code __se_sys_X}, {@code __do_sys_X};
     * the per-architecture entry stubs {@code __x64_sys_X}, {@code __ia32_sys_X}, {@code __arm64_sys_X},
     * {@code __s390x_sys_X}...; before 4.17 {@code SyS_X} and {@code SYSC_X}), with their compat forms.
     */
    private static final Pattern SYSCALL_WRAPPER = Pattern.compile(
            "^(?:__(?:x64|ia32|x32|arm64|arm|s390x|s390|riscv|powerpc|loongarch)_)?(?:__se_|__do_)?(compat_)?sys_([A-Za-z0-9_]+)$"
                    + "|^(compat_)?(?:SyS|SYSC)_([A-Za-z0-9_]+)$");

    /**
     * The syscall a wrapper stands for: every generated wrapper of one syscall is the one name {@code sys_X}
     * ({@code compat_sys_X} for compat entry points). Hand-written workers keep their own names
     * ({@code do_sys_open}, {@code ksys_write}, {@code do_mount}): they are separate functions with their
     * own bugs, not aliases, so one rule covers them all: only generated names are rewritten.
     */
    static String syscallName(String function) {
        if (function == null || function.indexOf("ys_") < 0 && function.indexOf("yS_") < 0 && function.indexOf("YSC_") < 0) {
            return function;
        }
        java.util.regex.Matcher m = SYSCALL_WRAPPER.matcher(function);
        if (!m.matches()) {
            return function;
        }
        if (m.group(2) != null) {
            return (m.group(1) == null ? "" : "compat_") + "sys_" + m.group(2);
        }
        return (m.group(3) == null ? "" : "compat_") + "sys_" + m.group(4);
    }

    /** Name words of functions that wait: "wait" itself ({@code fdatawait_one_bdev}, {@code ext4_wait_block_bitmap}). */
    private static final Pattern WAIT_WORD = Pattern.compile("(?:^|_)(?:[a-z]*wait|waiting)(?:_|$)");
    /** A lock acquisition by the kernel's naming convention: {@code X_lock()}, {@code X_lock_nested()}, {@code X_lock_killable()}... */
    private static final Pattern LOCK_ACQUISITION = Pattern.compile("_lock(?:_nested|_killable|_interruptible|_irqsave|_irq|_bh)?$");

    /**
     * Whether a blocked task's frame is a wait rather than the work that waits: a name whose words say it waits, or a lock
     * acquisition by name ({@code console_lock}, {@code rtnl_lock}). Used for hung tasks only: elsewhere such a function can be
     * the culprit ({@code console_lock} is blamed for sleeping in atomic context).
     */
    static boolean isWaitByName(String name) {
        String base = FrameParser.baseName(name);
        return base != null && (WAIT_WORD.matcher(base).find() || LOCK_ACQUISITION.matcher(base).find());
    }

    /** The groups, for documentation tests. */
    static List<Group> groups() {
        return List.of(GROUPS);
    }
}
