package dev.crashtriage.kernel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.crashtriage.kernel.IncidentKind.ATA_ERROR;
import static dev.crashtriage.kernel.IncidentKind.DEVICE_EVENT;
import static dev.crashtriage.kernel.IncidentKind.EDAC;
import static dev.crashtriage.kernel.IncidentKind.FS_ERROR;
import static dev.crashtriage.kernel.IncidentKind.FS_RECOVERY;
import static dev.crashtriage.kernel.IncidentKind.HARDWARE_ERROR;
import static dev.crashtriage.kernel.IncidentKind.HARD_LOCKUP;
import static dev.crashtriage.kernel.IncidentKind.HUNG_TASK;
import static dev.crashtriage.kernel.IncidentKind.IO_ERROR;
import static dev.crashtriage.kernel.IncidentKind.JOURNAL_ABORT;
import static dev.crashtriage.kernel.IncidentKind.MACHINE_CHECK;
import static dev.crashtriage.kernel.IncidentKind.NIC_ERROR;
import static dev.crashtriage.kernel.IncidentKind.NIC_TX_TIMEOUT;
import static dev.crashtriage.kernel.IncidentKind.OOM_KILL;
import static dev.crashtriage.kernel.IncidentKind.PAGE_ALLOCATION_FAILURE;
import static dev.crashtriage.kernel.IncidentKind.PANIC;
import static dev.crashtriage.kernel.IncidentKind.RCU_STALL;
import static dev.crashtriage.kernel.IncidentKind.SCSI_ERROR;
import static dev.crashtriage.kernel.IncidentKind.SOFT_LOCKUP;
import static dev.crashtriage.kernel.IncidentKind.STACK_OVERFLOW;
import static dev.crashtriage.kernel.IncidentKind.TASK_DUMP;
import static dev.crashtriage.kernel.IncidentKind.UNCLEAN_REBOOT;

/**
 * The fact vocabulary: every fact an incident can carry, with its type and the kinds that declare it. Detectors
 * write facts only through these constants; {@code signature/} asks {@link #lookup} whether a fact exists for a
 * kind and of what type (lint rejects conditions on unknown facts); docs/kernel-events.md lists them.
 *
 * <p>A name has one type everywhere (a test checks), so "device" means the same on an I/O error and a
 * filesystem error.
 */
public final class Facts {
    private static final Map<String, Fact<?>> BY_NAME = new LinkedHashMap<>();
    private static final Map<IncidentKind, Map<String, Fact<?>>> BY_KIND = new EnumMap<>(IncidentKind.class);

    private static final Set<IncidentKind> ALL = EnumSet.allOf(IncidentKind.class);
    private static final Set<IncidentKind> BLOCK = EnumSet.of(IO_ERROR, ATA_ERROR, SCSI_ERROR);
    private static final Set<IncidentKind> FS = EnumSet.of(FS_ERROR, JOURNAL_ABORT, FS_RECOVERY);
    private static final Set<IncidentKind> HW = EnumSet.of(MACHINE_CHECK, HARDWARE_ERROR, EDAC);
    /** Crash reports whose header the titler may turn into a panic (a lockup that panics the box). */
    private static final Set<IncidentKind> NIC = EnumSet.of(NIC_TX_TIMEOUT, NIC_ERROR);
    private static final Set<IncidentKind> LOCKUPS = EnumSet.of(SOFT_LOCKUP, HARD_LOCKUP, RCU_STALL, HUNG_TASK, PANIC);

    // ---- every kind ----
    public static final Fact<Long> LINES_NOT_KEPT = integer("lines_not_kept", "count",
            "lines of the incident beyond the kept maximum (counted, not kept)", ALL);
    public static final Fact<List<String>> DEVICES = textList("devices",
            "block devices, ATA links, SCSI addresses, interfaces and filesystems the incident's lines name", ALL);

    // ---- crash reports ----
    public static final Fact<Integer> PANICKED = flag("panicked", "the report ended in \"Kernel panic - not syncing\"",
            EnumSet.complementOf(EnumSet.of(UNCLEAN_REBOOT)));
    public static final Fact<Integer> REWRAPPED = flag("rewrapped",
            "lines of the report were wrapped in two by a mail client or terminal and read rejoined",
            EnumSet.complementOf(EnumSet.of(UNCLEAN_REBOOT)));
    /** Crash reports that name a blamed frame (the crash-report detector's kinds). */
    private static final Set<IncidentKind> BLAMED = EnumSet.of(IncidentKind.OOPS, IncidentKind.BUG, IncidentKind.WARNING,
            IncidentKind.GENERAL_PROTECTION_FAULT, PANIC, IncidentKind.KASAN, IncidentKind.SANITIZER,
            IncidentKind.LIST_CORRUPTION, IncidentKind.DOUBLE_FAULT, SOFT_LOCKUP, HARD_LOCKUP, RCU_STALL);
    public static final Fact<String> GUILTY_MODULE = text("guilty_module",
            "the module of the blamed frame (\"zfs\" for \"dbuf_find+0x81/0x100 [zfs]\"), when it is in a module", BLAMED);
    public static final Fact<Integer> GUILTY_MODULE_OUT_OF_TREE = flag("guilty_module_out_of_tree",
            "the report's \"Modules linked in:\" marks the blamed frame's module O (out-of-tree) or P (proprietary); "
                    + "absent when the list does not show the module", BLAMED);
    public static final Fact<Integer> CPU = intFact("cpu", null, "CPU the lockup or stall was detected on", LOCKUPS);
    public static final Fact<String> TASK = text("task",
            "the task named by the report (\"comm\" for a soft lockup, \"comm:pid\" for a hung task)", LOCKUPS);
    public static final Fact<Integer> STUCK_SECONDS = intFact("stuck_seconds", "s",
            "how long the soft-locked CPU was stuck", EnumSet.of(SOFT_LOCKUP, PANIC));
    public static final Fact<Integer> BLOCKED_SECONDS = intFact("blocked_seconds", "s",
            "how long the (first) hung task had been blocked", EnumSet.of(HUNG_TASK, PANIC));
    public static final Fact<Long> STALL_JIFFIES = integer("stall_jiffies", "jiffies", "RCU stall length (t=N jiffies)",
            EnumSet.of(RCU_STALL, PANIC));
    public static final Fact<Long> STALL_SECONDS = integer("stall_seconds", "s", "RCU stall length in seconds",
            EnumSet.of(RCU_STALL, PANIC));
    public static final Fact<Integer> STALL_CPUS = intFact("stall_cpus", "count", "CPUs the RCU stall names",
            EnumSet.of(RCU_STALL, PANIC));

    // ---- task lists: SysRq-T/W dumps, hung-task episodes ----
    public static final Fact<List<Map<String, Object>>> TASKS = tasks("tasks",
            "each task: comm, pid, state and the functions of its stack (reliable frames)", EnumSet.of(TASK_DUMP, HUNG_TASK));
    public static final Fact<Integer> TASK_COUNT = intFact("task_count", "count", "tasks listed (also those not kept)",
            EnumSet.of(TASK_DUMP, HUNG_TASK));
    public static final Fact<Integer> BLOCKED_TASKS = intFact("blocked_tasks", "count", "tasks in state D",
            EnumSet.of(TASK_DUMP, HUNG_TASK));

    // ---- OOM kills and allocation failures ----
    public static final Fact<Integer> ORDER = intFact("order", null, "allocation order (2^order pages)",
            EnumSet.of(OOM_KILL, PAGE_ALLOCATION_FAILURE));
    public static final Fact<String> GFP_MASK = text("gfp_mask", "GFP mask as printed (\"0x201da\", \"0x14200ca(GFP_HIGHUSER_MOVABLE)\")",
            EnumSet.of(OOM_KILL, PAGE_ALLOCATION_FAILURE));
    public static final Fact<Integer> ATOMIC = flag("atomic", "the failed allocation could not sleep (GFP_ATOMIC/GFP_NOWAIT)",
            EnumSet.of(PAGE_ALLOCATION_FAILURE));
    public static final Fact<Long> FAILURES = integer("failures", "count", "identical allocation failures in the episode",
            EnumSet.of(PAGE_ALLOCATION_FAILURE));
    public static final Fact<String> CONSTRAINT = text("constraint", "oom-kill constraint (CONSTRAINT_NONE, CONSTRAINT_MEMCG...)",
            EnumSet.of(OOM_KILL));
    public static final Fact<Integer> MEMCG = flag("memcg", "the OOM was a memory cgroup's (limit reached), not the machine's",
            EnumSet.of(OOM_KILL));
    public static final Fact<String> CGROUP = text("cgroup", "the memory cgroup that hit its limit (\"/docker/4f..\")",
            EnumSet.of(OOM_KILL));
    public static final Fact<Long> MEMCG_USAGE_KB = kb("memcg_usage_kb", "the memory cgroup's usage when it hit its limit");
    public static final Fact<Long> MEMCG_LIMIT_KB = kb("memcg_limit_kb", "the memory cgroup's limit (memory.max / limit_in_bytes)");
    public static final Fact<Integer> VICTIM_PID = intFact("victim_pid", null, "PID of the killed process", EnumSet.of(OOM_KILL));
    public static final Fact<String> VICTIM_COMM = text("victim_comm", "name of the killed process", EnumSet.of(OOM_KILL));
    public static final Fact<Long> VICTIM_TOTAL_VM_KB = kb("victim_total_vm_kb", "victim's total virtual memory");
    public static final Fact<Long> VICTIM_ANON_RSS_KB = kb("victim_anon_rss_kb", "victim's anonymous resident memory");
    public static final Fact<Long> VICTIM_FILE_RSS_KB = kb("victim_file_rss_kb", "victim's file-backed resident memory");
    public static final Fact<Long> SWAP_FREE_KB = kb("swap_free_kb", "free swap");
    public static final Fact<Long> SWAP_TOTAL_KB = kb("swap_total_kb", "total swap");
    public static final Fact<Long> ACTIVE_ANON_KB = kb("active_anon_kb", "Mem-Info active_anon");
    public static final Fact<Long> INACTIVE_ANON_KB = kb("inactive_anon_kb", "Mem-Info inactive_anon");
    public static final Fact<Long> ACTIVE_FILE_KB = kb("active_file_kb", "Mem-Info active_file (page cache)");
    public static final Fact<Long> INACTIVE_FILE_KB = kb("inactive_file_kb", "Mem-Info inactive_file (reclaimable page cache)");
    public static final Fact<Long> FREE_KB = kb("free_kb", "Mem-Info free");
    public static final Fact<Long> SLAB_RECLAIMABLE_KB = kb("slab_reclaimable_kb", "Mem-Info slab_reclaimable");
    public static final Fact<Long> SLAB_UNRECLAIMABLE_KB = kb("slab_unreclaimable_kb", "Mem-Info slab_unreclaimable");
    public static final Fact<Long> SHMEM_KB = kb("shmem_kb", "Mem-Info shmem");
    public static final Fact<Long> PAGECACHE_KB = kb("pagecache_kb", "\"N total pagecache pages\"");
    public static final Fact<Long> TOTAL_RAM_KB = kb("total_ram_kb", "\"N pages RAM\"");
    public static final Fact<Long> HIGHMEM_KB = kb("highmem_kb", "\"N pages HighMem\"");
    public static final Fact<Long> LOWMEM_FREE_KB = kb("lowmem_free_kb", "free in the DMA, DMA32 and Normal zones");
    public static final Fact<Long> LOWMEM_MIN_KB = kb("lowmem_min_kb", "min watermarks of the DMA, DMA32 and Normal zones");
    public static final Fact<Long> PAGE_KB = kb("page_kb", "page size the dump revealed (smallest buddy block)");
    /** Zones as printed in show_free_areas(), lower case as in the fact names. */
    public static final List<String> ZONES = List.of("dma32", "dma", "normal", "highmem", "movable", "device");
    private static final Map<String, Fact<Long>> ZONE_KB = new LinkedHashMap<>();
    private static final Map<String, Fact<Integer>> ZONE_UNRECLAIMABLE = new LinkedHashMap<>();

    static {
        for (String z : ZONES) {
            for (String metric : new String[] {"free", "min", "present", "inactive_file"}) {
                ZONE_KB.put(z + "/" + metric, kb("zone_" + z + "_" + metric + "_kb", "zone " + z + " " + metric
                        + " (summed over NUMA nodes)"));
            }
            ZONE_UNRECLAIMABLE.put(z, flag("zone_" + z + "_all_unreclaimable",
                    "a node's " + z + " zone said all_unreclaimable? yes", EnumSet.of(OOM_KILL)));
        }
    }

    // ---- stack overflows ----
    public static final Fact<Long> BYTES_LEFT = integer("bytes_left", "bytes",
            "stack bytes still free when the check fired (negative once overrun)", EnumSet.of(STACK_OVERFLOW));
    public static final Fact<String> CHECK = text("check", "which check reported the overflow (\"do_IRQ\", \"irq handler low stack\"...)",
            EnumSet.of(STACK_OVERFLOW));

    // ---- hardware errors ----
    public static final Fact<Integer> BANK = intFact("bank", null, "MCE bank number", HW);
    public static final Fact<String> STATUS = text("status", "MCi_STATUS as printed (hex)", HW);
    public static final Fact<String> ADDRESS = text("address", "physical address of the error, as printed", HW);
    public static final Fact<Integer> CORRECTED = flag("corrected",
            "the hardware corrected the error (MCi_STATUS UC bit clear, or GHES severity corrected)", HW);
    // MCi_STATUS flags the Intel SDM (Vol. 3B, "IA32_MCi_STATUS MSRs") and AMD's APM define alike (asm/mce.h MCI_STATUS_*),
    // decoded from a full 16-digit status only: what tells a record that contradicts itself
    public static final Fact<Integer> STATUS_VALID = flag("status_valid",
            "MCi_STATUS VAL (bit 63): the bank holds a valid error", HW);
    public static final Fact<Integer> ERROR_ENABLED = flag("error_enabled",
            "MCi_STATUS EN (bit 60): reporting of this error was enabled in MCi_CTL", HW);
    public static final Fact<Integer> PCC = flag("pcc",
            "MCi_STATUS PCC (bit 57): the error may have corrupted the processor context", HW);
    public static final Fact<Integer> FATAL = flag("fatal",
            "the machine check was fatal (\"Fatal local machine check\", \"CPU context corrupt\", a panic in the report)", HW);
    public static final Fact<Integer> MC = intFact("mc", null, "EDAC memory controller number", EnumSet.of(EDAC));
    public static final Fact<Long> COUNT = integer("count", "count", "errors counted in the EDAC episode", EnumSet.of(EDAC));
    public static final Fact<Integer> UNCORRECTED = flag("uncorrected", "an EDAC UE (uncorrected) error was reported", EnumSet.of(EDAC));
    public static final Fact<String> LOCATION = text("location", "DIMM or row/channel of the error", HW);
    public static final Fact<Long> SECONDS_SINCE_BOOT = integer("seconds_since_boot", "s",
            "kernel time of the report's first line (whole seconds since boot), when the log prints kernel times", HW);

    // ---- block devices ----
    public static final Fact<String> DEVICE = text("device", "the block device (\"sda\", \"sr0\", \"nvme0n1\", \"dm-0\"), else the ATA link;"
            + " for a device event the device its lines name (\"nvme0\", \"md0\", \"connection2:0\")",
            union(union(BLOCK, FS), EnumSet.of(DEVICE_EVENT)));
    public static final Fact<String> ATA_PORT = text("ata_port", "libata link or device (\"ata1\", \"ata1.00\")", BLOCK);
    public static final Fact<Long> SECTOR = integer("sector", null, "first failed sector", BLOCK);
    public static final Fact<Integer> MEDIA_ERROR = flag("media_error", "the device reported a medium error (UNC, Medium Error)", BLOCK);
    public static final Fact<Integer> TIMEOUT = flag("timeout", "a command timed out", BLOCK);
    public static final Fact<String> DRIVER = text("driver", "the driver that spoke (\"libata\", \"mptscsih\", \"tg3\"...)",
            union(BLOCK, NIC));
    public static final Fact<String> ACTION = text("action", "error-handling actions taken, comma-separated (\"link reset,task abort\")", BLOCK);
    public static final Fact<Long> IO_ERRORS = integer("io_errors", "count", "block-layer and buffer I/O error lines", BLOCK);
    public static final Fact<Long> LINK_RESETS = integer("link_resets", "count", "ATA link resets (hard/soft) in the episode", BLOCK);
    public static final Fact<String> LINK_SPEED = text("link_speed", "the SATA link speed libata limited the link to (\"1.5 Gbps\")", BLOCK);
    public static final Fact<String> TRANSFER_MODE = text("transfer_mode",
            "the transfer mode libata fell back to (\"PIO0\", \"UDMA/33\"), the last one", BLOCK);
    public static final Fact<Long> ABORTS = integer("aborts", "count", "SCSI task aborts / abort attempts in the episode", BLOCK);
    public static final Fact<Long> RESETS = integer("resets", "count", "SCSI device/bus/host/adapter resets in the episode", BLOCK);
    public static final Fact<Long> ROUNDS = integer("rounds", "count",
            "error-handling rounds on one link, host or device chained into the episode (each after a pause)", BLOCK);
    public static final Fact<Integer> REMOVABLE = flag("removable",
            "removable media (CD/DVD sr*, floppy fd*): a bad disc, not a failing disk", BLOCK);
    public static final Fact<Integer> HOTPLUG = flag("hotplug", "the episode is a device being plugged or unplugged", BLOCK);

    // ---- filesystems ----
    public static final Fact<String> FS_TYPE = text("fs", "filesystem (\"ext4\", \"xfs\", \"btrfs\", \"jbd2\")", FS);
    public static final Fact<Integer> READ_ONLY = flag("read_only", "the filesystem was (re)mounted read-only", FS);
    public static final Fact<Integer> SHUTDOWN = flag("shutdown", "XFS shut the filesystem down", FS);
    public static final Fact<Integer> FSCK_RECOMMENDED = flag("fsck_recommended", "the kernel recommends running fsck", FS);
    public static final Fact<Long> ERRORS = integer("errors", "count", "error lines in the episode", FS);
    public static final Fact<Integer> SINGLE_BIT_FLIP = flag("single_bit_flip",
            "a found/expected value pair the filesystem printed differs in exactly one bit (a flip in memory)", FS);
    public static final Fact<Integer> SNAPSHOT = flag("snapshot",
            "recovery of an LVM snapshot (a dm device mounted for backup): routine, not a crash", EnumSet.of(FS_RECOVERY));

    // ---- network ----
    public static final Fact<String> INTERFACE = text("interface", "network interface (\"eth0\")", NIC);
    public static final Fact<Integer> QUEUE = intFact("queue", null, "transmit queue that timed out", NIC);
    public static final Fact<Long> TIMEOUTS = integer("timeouts", "count", "transmit timeouts / unit hangs in the episode",
            NIC);
    public static final Fact<Integer> REGISTERS_ALL_ONES = flag("registers_all_ones",
            "registers that mean the device is gone read 0xffffffff (the NIC no longer answers on the bus)",
            NIC);
    public static final Fact<Integer> RESET_FAILED = flag("reset_failed", "the driver's reset of the NIC failed",
            NIC);
    public static final Fact<Integer> LINK_LOST = flag("link_lost",
            "the NIC fell off the bus (igb/igc \"PCIe link lost\", ixgbe \"Adapter removed\")", NIC);

    // ---- device events ----
    public static final Fact<String> SUBSYSTEM = text("subsystem",
            "which table entry of DeviceEventDetector reported it (\"nvme\", \"pcie\", \"gpu\", \"clocksource\"...)",
            EnumSet.of(DEVICE_EVENT));
    public static final Fact<Long> EVENTS = integer("events", "count", "trigger lines in the burst", EnumSet.of(DEVICE_EVENT));

    // ---- unclean reboots ----
    public static final Fact<Long> PREVIOUS_LINE = integer("previous_line", "line", "the last line before the reboot",
            EnumSet.of(UNCLEAN_REBOOT));
    public static final Fact<Long> BOOT_LINE = integer("boot_line", "line", "the first line of the new boot", EnumSet.of(UNCLEAN_REBOOT));
    public static final Fact<Integer> PANIC_BEFORE = flag("panic_before", "a kernel panic came before the reboot",
            EnumSet.of(UNCLEAN_REBOOT));
    public static final Fact<Integer> KERNEL_ONLY_LOG = flag("kernel_only_log",
            "no userspace line was seen before the reboot (kern.log, journalctl -k, dmesg): a missing userspace shutdown proves nothing",
            EnumSet.of(UNCLEAN_REBOOT));
    public static final Fact<Long> GAP_SECONDS = integer("gap_seconds", "s",
            "wall-clock seconds between the last line and the new boot", EnumSet.of(UNCLEAN_REBOOT));

    static {
        for (Fact<?> f : BY_NAME.values()) {
            for (IncidentKind k : f.kinds()) {
                BY_KIND.computeIfAbsent(k, x -> new LinkedHashMap<>()).put(f.name(), f);
            }
        }
    }

    private Facts() {
    }

    /** The fact of this name an incident of this kind may carry, if any. */
    public static Optional<Fact<?>> lookup(IncidentKind kind, String name) {
        Map<String, Fact<?>> m = BY_KIND.get(kind);
        return Optional.ofNullable(m == null ? null : m.get(name));
    }

    /** The fact of this name for any kind, if the vocabulary has it. */
    public static Optional<Fact<?>> lookup(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Facts an incident of this kind may carry, in declaration order. */
    public static Collection<Fact<?>> of(IncidentKind kind) {
        Map<String, Fact<?>> m = BY_KIND.get(kind);
        return m == null ? List.of() : Collections.unmodifiableCollection(m.values());
    }

    /** Every fact, in declaration order. */
    public static Collection<Fact<?>> all() {
        return Collections.unmodifiableCollection(BY_NAME.values());
    }

    /** zone_&lt;zone&gt;_&lt;metric&gt;_kb for a zone of {@link #ZONES} and metric free, min, present, inactive_file. */
    public static Fact<Long> zoneKb(String zone, String metric) {
        Fact<Long> f = ZONE_KB.get(zone.toLowerCase(Locale.ROOT) + "/" + metric);
        if (f == null) {
            throw new IllegalArgumentException("no zone fact " + zone + "/" + metric);
        }
        return f;
    }

    public static Fact<Integer> zoneAllUnreclaimable(String zone) {
        Fact<Integer> f = ZONE_UNRECLAIMABLE.get(zone.toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new IllegalArgumentException("no zone " + zone);
        }
        return f;
    }

    /** Names written for this kind that the vocabulary does not declare for it (a detector bug; tests assert none). */
    static List<String> undeclared(IncidentKind kind, Iterable<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (lookup(kind, n).isEmpty()) {
                out.add(n);
            }
        }
        return out;
    }

    private static Set<IncidentKind> union(Set<IncidentKind> a, Set<IncidentKind> b) {
        EnumSet<IncidentKind> s = EnumSet.copyOf(a);
        s.addAll(b);
        return s;
    }

    private static <T> Fact<T> register(Fact<T> f) {
        Fact<?> old = BY_NAME.get(f.name());
        if (old != null) {
            throw new IllegalStateException("fact " + f.name() + " declared twice");
        }
        BY_NAME.put(f.name(), f);
        return f;
    }

    private static Fact<Long> integer(String name, String unit, String description, Set<IncidentKind> kinds) {
        return register(new Fact<>(name, FactType.INTEGER, Long.class, unit, description, Set.copyOf(kinds)));
    }

    private static Fact<Integer> intFact(String name, String unit, String description, Set<IncidentKind> kinds) {
        return register(new Fact<>(name, FactType.INTEGER, Integer.class, unit, description, Set.copyOf(kinds)));
    }

    private static Fact<Long> kb(String name, String description) {
        return register(new Fact<>(name, FactType.INTEGER, Long.class, "kB", description, Set.of(OOM_KILL)));
    }

    private static Fact<Integer> flag(String name, String description, Set<IncidentKind> kinds) {
        return register(new Fact<>(name, FactType.FLAG, Integer.class, null, description, Set.copyOf(kinds)));
    }

    private static Fact<String> text(String name, String description, Set<IncidentKind> kinds) {
        return register(new Fact<>(name, FactType.TEXT, String.class, null, description, Set.copyOf(kinds)));
    }

    private static Fact<List<String>> textList(String name, String description, Set<IncidentKind> kinds) {
        return register(new Fact<>(name, FactType.TEXT_LIST, List.class, null, description, Set.copyOf(kinds)));
    }

    private static Fact<List<Map<String, Object>>> tasks(String name, String description, Set<IncidentKind> kinds) {
        return register(new Fact<>(name, FactType.TASK_LIST, List.class, null, description, Set.copyOf(kinds)));
    }
}
