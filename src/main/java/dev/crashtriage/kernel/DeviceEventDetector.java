package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import dev.crashtriage.input.LiteralExtractor;
import dev.crashtriage.input.LiteralScreen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds device and platform error reports that are not crashes, I/O errors or NIC watchdogs but are what a
 * signature has to explain: an NVMe controller reset, a storage HBA firmware fault, an iSCSI connection error, an
 * md member failing, the clocksource watchdog giving up on the TSC, thermal throttling or a critical-temperature
 * shutdown, PCIe AER, IOMMU faults, a firmware file that failed to load, GPU hangs and resets, a full conntrack
 * table, ENA transmit-completion resets, the bonding driver's link monitor, device-mapper multipath failing a path,
 * the Hyper-V host failing a guest's storage request (storvsc), a failed OpenZFS (SPL) assertion, a boot-time huge
 * page reservation that fell short, and an AMD platform's record, read at the next boot, that it reset after a data
 * fabric sync flood. Each is one {@link IncidentKind#DEVICE_EVENT}
 * incident per burst: lines of one subsystem (and device, where the subsystem names one) that follow each other
 * within the subsystem's gap. Facts: {@code subsystem} (the table's id, e.g. {@code nvme}), {@code device} (when
 * named), {@code events} (trigger lines in the burst).
 *
 * <p>The table below is the vocabulary: a trigger opens or extends a burst, a context line (the driver's own
 * follow-up: "Does your device have a faulty power saving mode enabled?", an AER status row) only extends one.
 * Triggers are the drivers' message formats, checked against their source (see each signature's references).
 */
public final class DeviceEventDetector implements TwoStepDetector {

    /** One subsystem: what opens a burst, what may follow it, and how far apart its lines may be. */
    record Entry(String subsystem, String title, Pattern trigger, Pattern context, boolean byDevice,
                 double gapSeconds, boolean kernelOnly) {
    }

    private static Entry entry(String subsystem, String title, String trigger, String context, boolean byDevice,
                               double gapSeconds) {
        return new Entry(subsystem, title, Pattern.compile(trigger), context == null ? null : Pattern.compile(context),
                byDevice, gapSeconds, true);
    }

    /** The table; a named group {@code dev} in a trigger is the device it names. */
    static final List<Entry> TABLE = List.of(
            entry("nvme", "NVMe controller error",
                    "(?:nvme )?(?<dev>nvme\\d+): (?:controller is down; will reset|I/O (?:tag )?\\d+ (?:\\(\\w+\\) )?QID \\d+ timeout"
                            + "|Device not ready; aborting reset|Removing after probe failure|Abort status: 0x)",
                    "(?:nvme )?nvme\\d+: (?:Does your device have a faulty power saving mode|Try \"nvme_core"
                            + "|Disabling device after reset failure)|nvme\\d+n\\d+: detected capacity change from \\d+ to 0",
                    true, 120),
            entry("hba", "storage HBA firmware fault or reset",
                    "(?<dev>megaraid_sas [0-9a-fA-F:.]+?|mpt\\dsas\\d+|mpt\\dsas_cm\\d+):? (?:FW in FAULT state|resetting fusion adapter"
                            + "|fault_state\\(0x[0-9a-fA-F]+\\)|sending diag reset|diag reset: (?:SUCCESS|FAILED))",
                    "(?:megaraid_sas \\S+|mpt\\dsas\\d+|mpt\\dsas_cm\\d+):? (?:megasas_disable_intr_fusion|Reset successful"
                            + "|FW now in Ready state|LSISAS\\w+: FWVersion|sending port enable|port enable: SUCCESS)",
                    true, 600),
            entry("iscsi", "iSCSI connection error",
                    "(?<dev>connection\\d+:\\d+): (?:detected conn error \\(\\d+\\)|ping timeout of \\d+ secs expired)"
                            + "|(?<sess>session\\d+): session recovery timed out after \\d+ secs",
                    null, false, 300),
            entry("nfs", "NFS server not responding",
                    "nfs: server (?<dev>\\S+) not responding", "nfs: server \\S+ OK", true, 3600),
            entry("md", "md RAID member failed",
                    "(?:md/raid\\d*:(?<dev>md\\d+)|raid\\d+): (?:Disk failure on \\S+, disabling device"
                            + "|\\S+: rescheduling sector|redirecting sector \\d+ to other mirror)",
                    "md/raid\\d*:md\\d+: Operation continuing on \\d+ devices|^Operation continuing on \\d+ devices",
                    true, 600),
            entry("clocksource", "clocksource watchdog marked a clocksource unstable",
                    "Marking clocksource '(?<dev>[^']+)' as unstable",
                    "^clocksource: +'|tsc: Marking TSC unstable|TSC found unstable after boot|sched_clock: Marking unstable"
                            + "|clocksource: Switched to clocksource|clocksource: Checking clocksource|clocksource: Override clocksource",
                    false, 10),
            entry("thermal", "thermal event",
                    "temperature above threshold, (?:cpu|CPU) clock throttled|critical temperature reached"
                            + "|(?<dev>thermal_zone\\d+): critical temperature",
                    "temperature/speed normal", false, 300),
            entry("pcie", "PCIe AER error",
                    "AER: (?:Multiple )?(?:Corrected|Correctable|Uncorrected \\((?:Non-Fatal|Fatal)\\)|Uncorrectable \\((?:Non-Fatal|Fatal)\\))"
                            + " error (?:received|message received)|PCIe Bus Error: severity=",
                    "error status/mask=|AER: +(?:TLP Header|device \\[|\\[ ?\\d+\\])|^\\S+ \\S+: +(?:device \\[|\\[ ?\\d+\\])"
                            + "|AER: can't recover|AER: device recovery (?:failed|successful)|can't find device of ID|AER: Error of this Agent",
                    false, 60),
            entry("iommu", "IOMMU fault",
                    "DMAR: \\[DMA (?:Read|Write)|DMAR: DRHD: handling fault status|AMD-Vi: Event logged \\[|^IO_PAGE_FAULT"
                            + "|AMD-Vi: Completion-Wait loop timed out|INVALID_DEVICE_REQUEST",
                    "dmar_fault: \\d+ callbacks suppressed|amd_iommu_report_page_fault: \\d+ callbacks suppressed",
                    false, 120),
            entry("firmware", "firmware file failed to load",
                    "Direct firmware load for (?<dev>\\S+) failed with error|firmware: failed to load (?<dev2>\\S+)",
                    "failed to (?:load|request) firmware|fail to load firmware|probe of \\S+ failed with error|Falling back to (?:sysfs|user helper)",
                    false, 10),
            entry("gpu", "GPU hang or reset",
                    "NVRM: Xid \\(|NVRM: The NVIDIA GPU |fallen off the bus|GPU HANG: ecode|Resetting chip (?:after gpu hang|for )|reset request timed out"
                            + "|stuck on render ring|ring \\S+ timeout, signaled seq=|GPU reset begin!|Ring \\S+ reset failed",
                    "GPU reset(?:\\(\\d+\\))? succeeded|GPU reset .*failed|VRAM is lost due to GPU reset|Waiting for fences timed out"
                            + "|Process information: process|^amdgpu \\S+:(?: amdgpu:)? +Process \\S+ pid|(?:BACO|MODE1|MODE2) reset"
                            + "|GPU crash dump saved|GUC: Engine reset failed|device wedged|GPU hangs can indicate"
                            + "|NVRM: \\(PCI ID|NVRM: The NVIDIA probe routine failed|Starting \\S+ ring reset"
                            + "|ring kiq_\\S+ test failed|failed to halt cp gfx|KGQ disable failed|KCQ disable failed",
                    false, 30),
            entry("conntrack", "conntrack table full",
                    "(?:nf|ip)_conntrack: (?:nf_conntrack: )?table full, dropping packet", null, false, 600),
            entry("ena", "ENA transmit completions lost",
                    "(?<dev>ena \\S+(?: \\S+)?): (?:Found a Tx that wasn't completed on time|Keep alive watchdog timeout)"
                            + "|The number of lost tx completions is above the threshold",
                    "ena \\S+(?: \\S+)?: (?:Trigger reset is on|Device reset completed successfully|tx_timeout: \\d+|wd_expired: \\d+)",
                    false, 60),
            // bond_miimon_inspect/commit in drivers/net/bonding/bond_main.c; newer kernels print "(slave X): " (slave_info)
            entry("bonding", "bonding link monitor changed a slave's link state",
                    "^(?<dev>[\\w.-]+): (?:\\(slave [^)]+\\): )?link status (?:definitely |down again |up again )?(?:down|up|after)",
                    "^[\\w.-]+: (?:\\(slave [^)]+\\): )?(?:making interface (?:\\S+ )?the new active one"
                            + "|now running without any active interface|first active interface up|active interface up)",
                    true, 5),
            // dm-mpath.c fail_path()/reinstate_path(): DMWARN "Failing path %s." / "Reinstating path %s."; newer kernels
            // name the map first ("253:12: Failing path 69:64."), 2.6-era ones used the prefix "dm-multipath"
            entry("multipath", "device-mapper multipath failed a path",
                    "device-mapper: (?:dm-)?multipath: (?:(?<dev>\\d+:\\d+): )?Failing path \\d+:\\d+",
                    "device-mapper: (?:dm-)?multipath: (?:\\d+:\\d+: )?Reinstating path \\d+:\\d+",
                    true, 300),
            // arch/x86/kernel/cpu/amd.c print_s5_reset_status_mmio(): one line per set bit of the FCH S5_RESET_STATUS
            // register, read at the next boot; only the sync-flood bits (27, 31) open an event, the other reasons of
            // the same register value join it
            entry("reset-reason", "the platform reset after a data fabric sync flood",
                    "x86/amd: Previous system reset reason \\[0x[0-9a-fA-F]+\\]: (?:an uncorrected error caused a data fabric sync flood event"
                            + "|a software sync flood event occurred)",
                    "x86/amd: Previous system reset reason \\[0x[0-9a-fA-F]+\\]: ",
                    false, 10),
            // mm/hugetlb.c hugetlb_hstate_alloc_pages_report()/_errcheck(): the boot-time pool got fewer pages than the
            // command line asked for (the per-node form names the node)
            entry("hugetlb", "boot-time huge page reservation fell short",
                    "HugeTLB: allocating \\d+ of page size \\S+ ?\\S* failed(?: node\\d+)?\\.\\s+Only allocated \\d+ hugepages",
                    "HugeTLB support is disabled!|HugeTLB: huge pages not supported|hugetlbfs: disabling because there are no supported",
                    false, 10),
            // storvsc_drv.c storvsc_on_io_completion(): "tag#%d cmd 0x%x status: scsi 0x%x srb 0x%x hv 0x%x" ("host 0x%x"
            // in newer kernels) for a request the Hyper-V host completed with a SCSI or SRB error. SRB_STATUS_INVALID_REQUEST
            // (0x6, with the 0x40/0x80 flag bits) is a command the virtual disk does not support (MAINTENANCE_IN, ATA
            // pass-through from smartd/udisks probes): not a failed I/O, so it opens no burst (the srb alternatives leave
            // out exactly 0x6, 0x46, 0x86 and 0xc6).
            entry("storvsc", "Hyper-V host failed a guest storage request",
                    "hv_storvsc (?<dev>[0-9a-fA-F-]{36}): tag#\\d+ cmd 0x[0-9a-f]+ status: scsi 0x[0-9a-f]+"
                            + " srb 0x(?:[0-9a-f]?[0-57-9a-f]|[0-35-79abd-f]6) (?:hv|host) 0x[0-9a-f]+",
                    null, true, 300),
            entry("spl", "OpenZFS (SPL) assertion failed",
                    "^VERIFY3?\\(.*\\) failed|^PANIC at \\S+:\\d+:\\S+\\(\\)|SPLError: \\d+:\\d+:\\(\\S+\\) (?:ASSERTION|VERIFY|SPL PANIC)",
                    "^Showing stack for process \\d+|spl_panic\\+|spl_dumpstack\\+|\\[(?:zfs|spl)\\]$",
                    false, 10));

    /** Which entries' patterns can match a line, from the literals every match of them holds. */
    private static final EntryScreen ENTRY_SCREEN = new EntryScreen(TABLE);

    /** Each entry's context pattern as its screened alternatives (null for an entry without one). */
    private static final ContextAlternatives[] CONTEXTS = contextAlternatives(TABLE);

    /** Open bursts by subsystem and device. */
    private final Map<String, Burst> open = new LinkedHashMap<>();

    /**
     * What the table finds in one line: the first entry whose trigger matches ({@code trigger}, -1 for none) with the
     * device it names, and the entries whose context pattern may match ({@code contexts}, bits; the patterns
     * themselves run only when a burst of the entry is open and near, which only the stream knows).
     */
    record Found(int trigger, String device, long contexts) {
    }

    /** The table's patterns on one line: reads nothing but the record, so it may run on any thread. */
    @Override
    public Object prepare(LogRecord r) {
        String t = r.text();
        if (t.length() < 8 || !candidate(t)) {
            return null;
        }
        long[] may = ENTRY_SCREEN.mayMatch(t);
        long contexts = 0;
        for (int i = 0; i < TABLE.size(); i++) {
            Entry e = TABLE.get(i);
            if (!r.kernel() && e.kernelOnly()) {
                continue;
            }
            if ((may[0] & 1L << i) != 0) {
                Matcher m = e.trigger().matcher(t);
                if (m.find()) {
                    return new Found(i, device(m), contexts);
                }
            }
            if ((may[1] & 1L << i) != 0) {
                contexts |= 1L << i;
            }
        }
        return contexts == 0 ? null : new Found(-1, null, contexts);
    }

    @Override
    public void accept(LogRecord r, Object prepared, Consumer<IncidentBuilder> emit) {
        if (prepared == null) {
            return;
        }
        Found found = (Found) prepared;
        // in table order, as the patterns would be tried: a context line of an earlier entry extending its burst
        // wins over a later entry's trigger
        for (int i = 0; i < TABLE.size(); i++) {
            Entry e = TABLE.get(i);
            if (i == found.trigger()) {
                String dev = found.device();
                String key = e.subsystem() + (e.byDevice() && dev != null ? "/" + dev : "");
                Burst b = open.get(key);
                if (b != null && !RecordClock.near(b.last, r, e.gapSeconds(), 2000)) {
                    emit.accept(open.remove(key).finish());
                    b = null;
                }
                if (b == null) {
                    b = new Burst(e, r, dev);
                    open.put(key, b);
                } else {
                    b.add(r, true);
                }
                return;
            }
            if ((found.contexts() & 1L << i) != 0) {
                // a context line only extends a near open burst of its own subsystem: without one its regex cannot
                // matter, so it runs last
                Burst b = latest(e);
                if (b != null && RecordClock.near(b.last, r, e.gapSeconds(), 2000) && CONTEXTS[i].find(r.text())) {
                    b.add(r, false);
                    return;
                }
            }
        }
    }

    @Override
    public void finish(Consumer<IncidentBuilder> emit) {
        for (Burst b : open.values()) {
            emit.accept(b.finish());
        }
        open.clear();
    }

    /** The most recently extended open burst of a subsystem. */
    private Burst latest(Entry e) {
        Burst best = null;
        for (Burst b : open.values()) {
            if (b.entry == e && (best == null || b.last.line() >= best.last.line())) {
                best = b;
            }
        }
        return best;
    }

    /** The groups that may name the device, in order of preference. */
    private static final String[] DEVICE_GROUPS = {"dev", "dev2", "sess"};

    private static String device(Matcher m) {
        String regex = m.pattern().pattern();
        for (String g : DEVICE_GROUPS) {
            // asked only of a trigger that declares the group: an undeclared name would throw, and an exception per
            // trigger line cost more than the pattern did
            if (regex.contains("(?<" + g + ">")) {
                String v = m.group(g);
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    /**
     * A cheap gate before the table's patterns: every trigger and context line holds one of these substrings (the
     * test {@code DeviceEventDetectorTest} ties the two together).
     */
    static final String[] GATE = {"nvme", "megaraid", "sas", "conn error", "ping timeout", "session recovery", "raid",
        "Operation continuing", "clocksource", "TSC", "tsc:", "sched_clock", "temperature", "AER", "PCIe Bus Error",
        "error status/mask", "pcieport", "DMAR", "AMD-Vi", "IO_PAGE_FAULT", "INVALID_DEVICE", "callbacks suppressed",
        "irmware", "probe of", "Falling back", "NVRM", "fallen off", "GPU", "Resetting chip", "i915", "drm", "amdgpu",
        "render ring", "conntrack", "ena ", "lost tx", "nfs: server", "link status", "active one", "active interface",
        "VERIFY", "PANIC at", "SPLError", "multipath:", "hv_storvsc", "Showing stack for process", "spl_", "[zfs]", "[spl]", "reset reason", "HugeTLB", "hugetlbfs"};

    /** Its bursts grow only by lines the gate lets through, so it never needs any other line. */
    @Override
    public List<String> wakeLiterals() {
        return List.of(GATE);
    }

    @Override
    public boolean holdsOpenState() {
        return false;
    }

    static boolean candidate(String t) {
        for (String g : GATE) {
            if (t.indexOf(g) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The entries whose trigger (bit i of {@code [0]}) or context (bit i of {@code [1]}) pattern can match a line: a
     * pattern runs only on lines holding one of the literals every match of it contains ({@link LiteralExtractor}),
     * found in one pass of a {@link LiteralScreen}. A pattern with no such literal runs on every candidate line.
     */
    static final class EntryScreen {
        private final LiteralScreen screen;
        /** Per literal id: {@code [0 or 1, entry]}. */
        private final int[][] targets;
        private final long[] always = new long[2];

        EntryScreen(List<Entry> table) {
            if (table.size() > Long.SIZE) {
                throw new IllegalStateException("more device-event entries than bits in a mask");
            }
            List<String> literals = new ArrayList<>();
            List<int[]> to = new ArrayList<>();
            for (int i = 0; i < table.size(); i++) {
                Entry e = table.get(i);
                Pattern[] parts = {e.trigger(), e.context()};
                for (int part = 0; part < 2; part++) {
                    if (parts[part] == null) {
                        continue;
                    }
                    List<String> req = LiteralExtractor.requiredLiterals(parts[part].pattern());
                    if (req == null || req.stream().anyMatch(l -> l.length() < LiteralScreen.MIN_LENGTH)) {
                        always[part] |= 1L << i;
                        continue;
                    }
                    for (String l : req) {
                        literals.add(l);
                        to.add(new int[] {part, i});
                    }
                }
            }
            int[] ids = new int[literals.size()];
            for (int n = 0; n < ids.length; n++) {
                ids[n] = n;
            }
            this.screen = new LiteralScreen(literals, ids);
            this.targets = to.toArray(new int[0][]);
        }

        /**
         * Bit masks of the entries whose trigger ({@code [0]}) and context ({@code [1]}) can match. A new array per
         * call: the screen is shared by every stream, on every thread.
         */
        long[] mayMatch(String text) {
            Masks m = new Masks(always[0], always[1]);
            screen.scan(text, m);
            return new long[] {m.triggers, m.contexts};
        }

        /** The masks of one scan. */
        private final class Masks implements LiteralScreen.Hits {
            long triggers;
            long contexts;

            Masks(long triggers, long contexts) {
                this.triggers = triggers;
                this.contexts = contexts;
            }

            @Override
            public void hit(int id) {
                int[] t = targets[id];
                if (t[0] == 0) {
                    triggers |= 1L << t[1];
                } else {
                    contexts |= 1L << t[1];
                }
            }
        }
    }

    private static ContextAlternatives[] contextAlternatives(List<Entry> table) {
        ContextAlternatives[] out = new ContextAlternatives[table.size()];
        for (int i = 0; i < out.length; i++) {
            Pattern c = table.get(i).context();
            out[i] = c == null ? null : ContextAlternatives.of(c);
        }
        return out;
    }

    /**
     * A context pattern as its top-level alternatives, each compiled alone and run only on a line holding one of its
     * required literals ({@link LiteralExtractor}): whether {@code a|b|c} is found in a line is whether any of
     * {@code a}, {@code b}, {@code c} is, and a context pattern's groups are never read. The whole pattern has no
     * literal when one alternative has none (pcie's {@code ^\S+ \S+: +...}), and then every alternative ran at
     * every position of every line while a burst was open: the noise log's costliest regex.
     */
    record ContextAlternatives(Pattern[] patterns, String[][] literals) {
        static ContextAlternatives of(Pattern whole) {
            List<String> parts = LiteralExtractor.topLevelAlternatives(whole.pattern());
            if (parts == null || parts.size() < 2) {
                return new ContextAlternatives(new Pattern[] {whole}, new String[][] {null});
            }
            Pattern[] patterns = new Pattern[parts.size()];
            String[][] literals = new String[parts.size()][];
            for (int i = 0; i < patterns.length; i++) {
                patterns[i] = Pattern.compile(parts.get(i), whole.flags());
                List<String> req = LiteralExtractor.requiredLiterals(parts.get(i));
                literals[i] = req == null ? null : req.toArray(new String[0]);
            }
            return new ContextAlternatives(patterns, literals);
        }

        /** Whether the whole pattern is found in the text. */
        boolean find(String text) {
            for (int i = 0; i < patterns.length; i++) {
                if (mayHold(text, literals[i]) && patterns[i].matcher(text).find()) {
                    return true;
                }
            }
            return false;
        }

        private static boolean mayHold(String text, String[] literals) {
            if (literals == null) {
                return true;
            }
            for (String l : literals) {
                if (text.contains(l)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One burst of one subsystem (and device). */
    private static final class Burst {
        final Entry entry;
        final IncidentBuilder builder;
        final String device;
        LogRecord last;
        long events = 1;

        Burst(Entry entry, LogRecord first, String device) {
            this.entry = entry;
            this.builder = new IncidentBuilder(IncidentKind.DEVICE_EVENT, first);
            this.device = device;
            this.last = first;
        }

        void add(LogRecord r, boolean trigger) {
            builder.add(r);
            last = r;
            if (trigger) {
                events++;
            }
        }

        IncidentBuilder finish() {
            builder.facts.put(Facts.SUBSYSTEM, entry.subsystem());
            builder.facts.put(Facts.DEVICE, device);
            builder.facts.put(Facts.EVENTS, events);
            builder.title = entry.title() + (device != null ? " on " + device : "");
            return builder;
        }
    }

    /** The subsystems in the table, in order (for docs and tests). */
    static List<String> subsystems() {
        List<String> s = new ArrayList<>();
        for (Entry e : TABLE) {
            s.add(e.subsystem());
        }
        return s;
    }
}
