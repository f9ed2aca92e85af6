package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds OOM kills: from "X invoked oom-killer: gfp_mask=.., order=N" through the memory dump, the
 * constraint line and the victim ("Out of memory: Kill process ..", "Killed process .."), and turns the
 * dump into numbers a signature can compare (all in kB, see docs/signature-format.md).
 *
 * <p>Title style: {@code OOM kill of <victim> (invoked by <task>, order <n>, <gfp flags or mask>)};
 * "Memory cgroup OOM kill of .." for memcg OOMs; "OOM killer invoked by <task> (..)" when the victim
 * line is missing (cut log). No PIDs in titles, so the fingerprint is stable across machines.
 */
public final class OomKillDetector implements Detector {
    /** The killer's output is printed in one burst; a longer silence means the report is over. */
    private static final double MAX_GAP_SECONDS = 10;
    private static final int MAX_REPORT_LINES = 20_000;

    private static final Pattern INVOKED = Pattern.compile(
            "(\\S.*?) invoked oom-killer: gfp_mask=(0x[0-9a-fA-F]+(?:\\([^)]*\\))?),.*?order=(-?\\d+)");
    private static final Pattern VICTIM = Pattern.compile(
            "Kill(?:ed)? process (\\d+),? (?:UID \\d+, )?\\(([^)]*)\\)");
    private static final Pattern PID_LINE = Pattern.compile("(?:^|\\s)(?:PID|Pid): (\\d+),? [Cc]omm: (\\S+)");
    private static final Pattern BUDDY_UNIT = Pattern.compile(": \\d+\\*(\\d+)kB");
    /** Zones as printed in show_free_areas(); the lowmem ones are those GFP_KERNEL can use. */
    private static final String[] ZONES = {"DMA32", "DMA", "Normal", "HighMem", "Movable", "Device"};
    private static final String[] SUMMARY_KEYS = {"active_anon", "inactive_anon", "active_file", "inactive_file",
            "free", "slab_reclaimable", "slab_unreclaimable", "shmem"};
    /** The fact each Mem-Info summary key becomes (in kB once the page size is known). */
    private static final List<Fact<Long>> SUMMARY_FACTS = List.of(Facts.ACTIVE_ANON_KB, Facts.INACTIVE_ANON_KB,
            Facts.ACTIVE_FILE_KB, Facts.INACTIVE_FILE_KB, Facts.FREE_KB, Facts.SLAB_RECLAIMABLE_KB,
            Facts.SLAB_UNRECLAIMABLE_KB, Facts.SHMEM_KB);

    private Report open;
    /**
     * A report whose dump ended on a line of another shape before its victim line: one OOM is one incident, so the
     * victim (or constraint) line that follows within {@value #HELD_SECONDS} s still joins it.
     */
    private Report held;
    private static final double HELD_SECONDS = 5;
    private static final int HELD_LINES = 200;

    @Override
    public void accept(LogRecord r, Consumer<IncidentBuilder> emit) {
        if (!r.kernel()) {
            return;
        }
        String t = r.text();
        boolean invoked = t.indexOf(INVOKER_WORDS) >= 0;
        if (held != null) {
            if (invoked || !RecordClock.near(held.last, r, HELD_SECONDS, HELD_LINES)) {
                emit.accept(held.finish());
                held = null;
            } else if (startsVictimOnly(t) || t.startsWith("oom-kill:")) {
                open = held;
                held = null;
            } else {
                return; // another subsystem's line between the dump and the kill
            }
        }
        if (open != null) {
            if (invoked || !RecordClock.near(open.last, r, MAX_GAP_SECONDS, MAX_REPORT_LINES)
                    || open.lineCount >= MAX_REPORT_LINES || !(DumpLines.continues(t) || isMemcgStatLine(t))) {
                if (!invoked && open.invoker != null && open.victimComm == null) {
                    held = open;
                    open = null;
                } else {
                    close(emit);
                }
            }
        }
        if (open == null) {
            if (invoked || startsVictimOnly(t)) {
                if (held != null) {
                    emit.accept(held.finish());
                    held = null;
                }
                open = new Report(r);
            } else {
                return;
            }
        } else {
            open.builder.add(r);
        }
        open.last = r;
        open.lineCount++;
        boolean done = open.read(t);
        if (done) {
            close(emit);
        }
    }

    @Override
    public void finish(Consumer<IncidentBuilder> emit) {
        if (held != null) {
            emit.accept(held.finish());
            held = null;
        }
        if (open != null) {
            close(emit);
        }
    }

    private void close(Consumer<IncidentBuilder> emit) {
        emit.accept(open.finish());
        open = null;
    }

    /**
     * cgroup v2 memory.stat lines ("anon 104857600", "pgscan 0"): memory_stat_format() prints "%s %llu" per stat,
     * and since 6.x seq_buf_do_printk() makes each its own record, unindented, inside the memcg OOM report.
     */
    static boolean isMemcgStatLine(String t) {
        int n = t.length();
        int i = 0;
        while (i < n && ((t.charAt(i) >= 'a' && t.charAt(i) <= 'z') || t.charAt(i) == '_'
                || (i > 0 && t.charAt(i) >= '0' && t.charAt(i) <= '9'))) {
            i++;
        }
        if (i < 2 || i >= n - 1 || t.charAt(i) != ' ') {
            return false;
        }
        for (int j = i + 1; j < n; j++) {
            if (t.charAt(j) < '0' || t.charAt(j) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean startsVictimOnly(String t) {
        return t.startsWith(VICTIM_STARTS[0]) || t.startsWith(VICTIM_STARTS[1]) || t.startsWith(VICTIM_STARTS[2]);
    }

    /** How a report whose invoker part is missing starts. */
    private static final String[] VICTIM_STARTS = {"Out of memory", "Memory cgroup out of memory", "Killed process "};
    private static final String INVOKER_WORDS = "invoked oom-killer";

    /** With no report open or held, only an invoker line or a victim-only start opens one. */
    @Override
    public List<String> wakeLiterals() {
        return List.of(INVOKER_WORDS, VICTIM_STARTS[0], VICTIM_STARTS[1], VICTIM_STARTS[2]);
    }

    @Override
    public boolean holdsOpenState() {
        return held != null || open != null;
    }

    /** One OOM report being read. */
    private static final class Report {
        final IncidentBuilder builder;
        LogRecord last;
        int lineCount;
        String invoker;
        Integer order;
        String gfpMask;
        String constraint;
        boolean memcg;
        String cgroup;
        Integer victimPid;
        String victimComm;
        long pageKb = 4;
        final Map<Fact<Long>, Long> summaryPages = new LinkedHashMap<>();
        /** Zone facts in the order the dump printed them (kB values and all_unreclaimable flags). */
        final Map<Fact<?>, Object> zoneFacts = new LinkedHashMap<>();
        final Map<Fact<Long>, Long> kbFacts = new LinkedHashMap<>();
        Long totalRamPages;
        Long highmemPages;
        Long pagecachePages;

        Report(LogRecord first) {
            builder = new IncidentBuilder(IncidentKind.OOM_KILL, first);
        }

        /** Reads one line of the report; true when it was the victim line, which ends it. */
        boolean read(String t) {
            int inv = t.indexOf("invoked oom-killer");
            if (inv >= 0) {
                Matcher m = INVOKED.matcher(t);
                if (m.find()) {
                    invoker = m.group(1).trim();
                    gfpMask = m.group(2);
                    order = Integer.parseInt(m.group(3));
                    builder.comm = invoker;
                }
                return false;
            }
            if (t.startsWith("CPU: ") || t.startsWith("Pid: ")) {
                Matcher m = PID_LINE.matcher(t);
                if (m.find() && builder.pid == null) {
                    builder.pid = Integer.parseInt(m.group(1));
                    if (builder.cpu == null && t.startsWith("CPU: ")) {
                        long cpu = TextScan.digitsAt(t, 5);
                        builder.cpu = cpu >= 0 ? (int) cpu : null;
                    }
                }
                return false;
            }
            if (t.startsWith("oom-kill:")) {
                constraint = TextScan.tokenAfter(t, "constraint=", ",");
                if ("CONSTRAINT_MEMCG".equals(constraint)) {
                    memcg = true;
                }
                String c = TextScan.tokenAfter(t, "oom_memcg=", ",");
                if (c != null) {
                    cgroup = c; // the cgroup whose limit was hit (5.x+)
                }
                return false;
            }
            if (t.startsWith("Task in ")) {
                // 4.x: "Task in /docker/a killed as a result of limit of /docker/a"
                memcg = true;
                String c = TextScan.tokenAfter(t, "limit of ", "");
                if (c != null && cgroup == null) {
                    cgroup = c;
                }
                return false;
            }
            if (t.startsWith("Memory cgroup stats for ")) {
                memcg = true;
                String c = TextScan.tokenAfter(t, "Memory cgroup stats for ", "");
                if (c != null && cgroup == null) {
                    cgroup = c.endsWith(":") ? c.substring(0, c.length() - 1) : c;
                }
                return false;
            }
            if (t.startsWith("memory: usage ")) {
                // mem_cgroup_print_oom_meminfo(): "memory: usage %llukB, limit %llukB, failcnt %lu"
                memcg = true;
                putIfPresent(kbFacts, Facts.MEMCG_USAGE_KB, TextScan.numberAfter(t, "usage "));
                putIfPresent(kbFacts, Facts.MEMCG_LIMIT_KB, TextScan.numberAfter(t, "limit "));
                return false;
            }
            if (t.startsWith("Memory cgroup out of memory")) {
                memcg = true;
            }
            if (t.indexOf(" process ") >= 0 && (t.startsWith("Out of memory") || t.startsWith("Killed process")
                    || t.startsWith("Memory cgroup out of memory"))) {
                Matcher m = VICTIM.matcher(t);
                if (m.find()) {
                    victimPid = Integer.valueOf(m.group(1));
                    victimComm = m.group(2);
                }
                long vm = TextScan.numberAfter(t, "total-vm:");
                if (vm >= 0) {
                    kbFacts.put(Facts.VICTIM_TOTAL_VM_KB, vm);
                    putIfPresent(kbFacts, Facts.VICTIM_ANON_RSS_KB, TextScan.numberAfter(t, "anon-rss:"));
                    putIfPresent(kbFacts, Facts.VICTIM_FILE_RSS_KB, TextScan.numberAfter(t, "file-rss:"));
                }
                // "Kill process .. or sacrifice child" is followed by "Killed process .. total-vm"; only the
                // latter (or the combined 4.x+ "Out of memory: Killed process .. total-vm") ends the report.
                return vm >= 0 || t.startsWith("Killed process");
            }
            int start = TextScan.skipBlanks(t);
            String body = start == 0 ? t : t.substring(start);
            if (body.startsWith("Node ")) {
                // Per-node forms ("Node 0 DMA32 free:..", "Node 0 Normal: 994*4kB ..") read like the global ones.
                int sp = body.indexOf(' ', 5);
                body = sp > 0 ? body.substring(sp + 1) : body;
            }
            for (String zone : ZONES) {
                if (body.startsWith(zone)) {
                    if (body.startsWith(zone + " free:")) {
                        readZone(zone.toLowerCase(java.util.Locale.ROOT), body);
                        return false;
                    }
                    if (body.startsWith(zone + ": ") && body.indexOf("kB") > 0) {
                        Matcher m = BUDDY_UNIT.matcher(body);
                        if (m.find()) {
                            // The smallest block of the buddy list is one page: the log tells the page size.
                            pageKb = Long.parseLong(m.group(1));
                        }
                        return false;
                    }
                }
            }
            if (body.indexOf("kB") < 0 && body.indexOf(':') > 0) {
                for (int k = 0; k < SUMMARY_KEYS.length; k++) {
                    long v = summaryValue(body, SUMMARY_KEYS[k]);
                    if (v >= 0) {
                        summaryPages.put(SUMMARY_FACTS.get(k), v);
                    }
                }
            }
            if (body.startsWith("Free swap")) {
                putIfPresent(kbFacts, Facts.SWAP_FREE_KB, TextScan.digitsAt(body, body.indexOf('=') + 1));
            } else if (body.startsWith("Total swap")) {
                putIfPresent(kbFacts, Facts.SWAP_TOTAL_KB, TextScan.digitsAt(body, body.indexOf('=') + 1));
            } else if (body.endsWith(" pages RAM")) {
                totalRamPages = TextScan.leadingNumber(body);
            } else if (body.endsWith(" pages HighMem") || body.endsWith(" pages HighMem/MovableOnly")) {
                highmemPages = TextScan.leadingNumber(body);
            } else if (body.endsWith(" total pagecache pages")) {
                pagecachePages = TextScan.leadingNumber(body);
            }
            return false;
        }

        /** "key:N" as a whole token (so "free:" does not read "free_pcp:"). */
        private static long summaryValue(String body, String key) {
            int from = 0;
            while (true) {
                int i = body.indexOf(key + ":", from);
                if (i < 0) {
                    return -1;
                }
                if (i == 0 || body.charAt(i - 1) == ' ') {
                    return TextScan.digitsAt(body, i + key.length() + 1);
                }
                from = i + 1;
            }
        }

        private void readZone(String zone, String body) {
            addZone(Facts.zoneKb(zone, "free"), TextScan.numberAfter(body, " free:"));
            addZone(Facts.zoneKb(zone, "min"), TextScan.numberAfter(body, " min:"));
            addZone(Facts.zoneKb(zone, "present"), TextScan.numberAfter(body, " present:"));
            addZone(Facts.zoneKb(zone, "inactive_file"), TextScan.numberAfter(body, " inactive_file:"));
            if (body.indexOf("all_unreclaimable? yes") >= 0) {
                // Several NUMA nodes print the same zone: one unreclaimable node is enough to report.
                zoneFacts.put(Facts.zoneAllUnreclaimable(zone), 1);
            } else if (body.indexOf("all_unreclaimable? no") >= 0) {
                zoneFacts.putIfAbsent(Facts.zoneAllUnreclaimable(zone), 0);
            }
        }

        private void addZone(Fact<Long> key, long v) {
            if (v >= 0) {
                zoneFacts.merge(key, v, (a, b) -> (Long) a + (Long) b);
            }
        }

        private static void putIfPresent(Map<Fact<Long>, Long> m, Fact<Long> key, long v) {
            if (v >= 0) {
                m.put(key, v);
            }
        }

        IncidentBuilder finish() {
            FactMap f = builder.facts;
            f.put(Facts.ORDER, order);
            f.put(Facts.GFP_MASK, gfpMask);
            f.put(Facts.CONSTRAINT, constraint);
            f.put(Facts.CGROUP, cgroup);
            if (victimPid != null) {
                f.put(Facts.VICTIM_PID, victimPid);
                f.put(Facts.VICTIM_COMM, victimComm);
            }
            kbFacts.forEach(f::put);
            summaryPages.forEach((fact, pages) -> f.put(fact, pages * pageKb));
            if (pagecachePages != null && pagecachePages >= 0) {
                f.put(Facts.PAGECACHE_KB, pagecachePages * pageKb);
            }
            if (totalRamPages != null && totalRamPages >= 0) {
                f.put(Facts.TOTAL_RAM_KB, totalRamPages * pageKb);
            }
            if (highmemPages != null && highmemPages >= 0) {
                f.put(Facts.HIGHMEM_KB, highmemPages * pageKb);
            }
            zoneFacts.forEach((fact, v) -> putChecked(f, fact, v));
            long lowFree = 0;
            long lowMin = 0;
            boolean anyLow = false;
            for (String z : new String[] {"dma", "dma32", "normal"}) {
                Long free = (Long) zoneFacts.get(Facts.zoneKb(z, "free"));
                if (free != null) {
                    anyLow = true;
                    lowFree += free;
                    lowMin += (Long) zoneFacts.getOrDefault(Facts.zoneKb(z, "min"), 0L);
                }
            }
            if (anyLow) {
                f.put(Facts.LOWMEM_FREE_KB, lowFree);
                f.put(Facts.LOWMEM_MIN_KB, lowMin);
            }
            f.flag(Facts.MEMCG, memcg);
            f.put(Facts.PAGE_KB, pageKb);
            builder.title = title();
            return builder;
        }

        /** Values were stored under their own fact's type above. */
        @SuppressWarnings("unchecked")
        private static <T> void putChecked(FactMap f, Fact<T> fact, Object v) {
            f.put(fact, (T) fact.javaType().cast(v));
        }

        private String title() {
            StringBuilder s = new StringBuilder();
            String how = describeRequest();
            if (victimComm != null) {
                s.append(memcg ? "Memory cgroup OOM kill of " : "OOM kill of ").append(victimComm);
                if (invoker != null || how != null) {
                    s.append(" (");
                    if (invoker != null) {
                        s.append("invoked by ").append(invoker);
                        if (how != null) {
                            s.append(", ");
                        }
                    }
                    if (how != null) {
                        s.append(how);
                    }
                    s.append(')');
                }
            } else {
                s.append(memcg ? "Memory cgroup OOM killer invoked" : "OOM killer invoked");
                if (invoker != null) {
                    s.append(" by ").append(invoker);
                }
                if (how != null) {
                    s.append(" (").append(how).append(')');
                }
            }
            return s.toString();
        }

        /** "order 1, GFP_KERNEL" when the kernel printed flag names, else "order 1, gfp_mask 0xd0". */
        private String describeRequest() {
            if (order == null) {
                return null;
            }
            String s = "order " + order;
            if (gfpMask != null) {
                int p = gfpMask.indexOf('(');
                s += p > 0 ? ", " + gfpMask.substring(p + 1, gfpMask.length() - 1) : ", gfp_mask " + gfpMask;
            }
            return s;
        }
    }
}
