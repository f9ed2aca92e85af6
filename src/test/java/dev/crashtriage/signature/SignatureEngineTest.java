package dev.crashtriage.signature;

import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.BootSession;
import dev.crashtriage.kernel.Extraction;
import dev.crashtriage.kernel.Facts;
import dev.crashtriage.kernel.Frame;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.kernel.IncidentBuilder;
import dev.crashtriage.kernel.IncidentKind;
import dev.crashtriage.kernel.KernelFacts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.crashtriage.signature.EngineFixture.read;
import static dev.crashtriage.signature.EngineFixture.run;
import static dev.crashtriage.signature.EngineFixture.sig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One focused test per selection type, modifier and scope, on real log lines. */
class SignatureEngineTest {
    static final List<LogRecord> DISK = read("failing-disk-F-3.log");

    static List<Long> lines(Finding f) {
        return f.evidence().stream().map(Evidence::line).toList();
    }

    @Test
    void linesSelectionCitesEveryMatchingLine() {
        List<Finding> f = run(List.of(sig("unc", "selections:\n  unc: {lines: ['ata\\d+\\.\\d+: error: \\{ UNC \\}']}\ncondition: unc")), DISK,
                EngineFixture.noIncidents());
        assertEquals(1, f.size());
        assertEquals(List.of(14L, 45L), lines(f.get(0)));
        assertEquals("ata1.00: error: { UNC }", f.get(0).evidence().get(0).text());
        assertEquals(14L, f.get(0).firstLine());
    }

    @Test
    void literalSelectionIsAPlainSubstring() {
        List<Finding> f = run(List.of(sig("medium", "selections:\n  m: {literal: 'Sense Key : Medium Error'}\ncondition: m")), DISK,
                EngineFixture.noIncidents());
        assertEquals(List.of(19L, 50L), lines(f.get(0)));
        List<Finding> none = run(List.of(sig("dot", "selections:\n  m: {literal: 'Sense Key . Medium Error'}\ncondition: m")), DISK,
                EngineFixture.noIncidents());
        assertEquals(List.of(), none, "a literal's '.' is not a wildcard");
    }

    @Test
    void countWithoutWindowNeedsThatManyLinesInTheScope() {
        String m = "selections:\n  bio: {lines: ['Buffer I/O error on device \\S+'], count: {at_least: %d}}\ncondition: bio";
        assertEquals(1, run(List.of(sig("ten", m.formatted(10))), DISK, EngineFixture.noIncidents()).size());
        assertEquals(0, run(List.of(sig("eleven", m.formatted(11))), DISK, EngineFixture.noIncidents()).size());
    }

    @Test
    void countWithinWindowUsesKernelTime() {
        // F-3 has two "end_request: I/O error" lines, at 10.856215 and 15.045955: 4.19 s apart
        String m = "selections:\n  eio: {lines: ['end_request: I/O error, dev \\S+'], count: {at_least: 2, within: %s}}\ncondition: eio";
        assertEquals(0, run(List.of(sig("w1", m.formatted("1s"))), DISK, EngineFixture.noIncidents()).size());
        assertEquals(1, run(List.of(sig("w5", m.formatted("5s"))), DISK, EngineFixture.noIncidents()).size());
    }

    @Test
    void kernelOnlyIgnoresOtherProgramsUnlessTurnedOff() {
        LogRecord fromDaemon = new LogRecord("syslog", 1, "mail2", Double.NaN, "2004-03-09T16:17:38", 6, null, "nagios",
                false, "tg3: eth0: transmit timed out, resetting");
        String m = "selections:\n  tx: {lines: ['tg3: \\S+: transmit timed out'], kernel_only: %s}\ncondition: tx";
        assertEquals(0, run(List.of(sig("k", m.formatted("true"))), List.of(fromDaemon), EngineFixture.noIncidents()).size());
        assertEquals(1, run(List.of(sig("a", m.formatted("false"))), List.of(fromDaemon), EngineFixture.noIncidents()).size());
    }

    @Test
    void notSaysAbsence() {
        String m = "selections:\n  unc: {literal: 'error: { UNC }'}\n  reset: {lines: ['ata\\d+: (hard|soft)resetting link']}\ncondition: unc and not reset";
        assertEquals(1, run(List.of(sig("abs", m)), DISK, EngineFixture.noIncidents()).size());
        String m2 = "selections:\n  unc: {literal: 'error: { UNC }'}\n  eh: {literal: 'EH complete'}\ncondition: unc and not eh";
        assertEquals(0, run(List.of(sig("pres", m2)), DISK, EngineFixture.noIncidents()).size());
    }

    @Test
    void raisesAndLowersAdjustTheConfidence() {
        String m = "selections:\n  unc: {literal: 'error: { UNC }'}\n  medium: {literal: 'Medium Error'}\n  eh: {literal: 'EH complete'}\n"
                + "  reset: {literal: 'resetting link'}\ncondition: unc";
        String conf = "confidence:\n  base: 0.5\n  raise:\n    - {when: medium, by: 0.3, hint: sense data}\n    - {when: reset, by: 0.1, hint: resets}\n"
                + "  lower:\n    - {when: eh, by: 0.2, hint: recovered}\n";
        Finding f = run(List.of(sig("conf", m, conf)), DISK, EngineFixture.noIncidents()).get(0);
        assertEquals(0.6, f.confidence(), 1e-9);
        assertEquals(List.of("medium"), f.present());
        assertEquals(List.of("reset"), f.missing());
        assertEquals(List.of("eh"), f.lowered());
        assertTrue(lines(f).containsAll(List.of(14L, 19L, 38L)), "raising and lowering lines are cited too: " + lines(f));
    }

    // ---- incidents ----

    static final List<LogRecord> KASAN = read("syzkaller-130.txt");

    /** The KASAN report of syzkaller-130 as the crash detector would give it, frames as printed. */
    static Incident kasanIncident(String module) {
        // the corpus file's "START:" header line quotes the report's first line too: skip the header block
        LogRecord head = KASAN.stream().filter(r -> r.line() > 5 && r.text().startsWith("BUG: KASAN: use-after-free"))
                .findFirst().orElseThrow();
        IncidentBuilder b = new IncidentBuilder(IncidentKind.KASAN, head);
        b.title = "KASAN: use-after-free Read in aead_recvmsg";
        for (LogRecord r : KASAN) {
            if (r.line() > head.line() && r.line() < head.line() + 60) {
                b.add(r);
            }
        }
        String[] frames = {"dump_stack", "?arch_local_irq_restore", "?show_regs_print_info", "?af_alg_make_sg",
            "?aead_recvmsg", "print_address_description", "?aead_recvmsg", "kasan_report",
            "__asan_report_load4_noabort", "aead_recvmsg", "?aead_release", "sock_recvmsg", "___sys_recvmsg", "__sys_recvmsg"};
        for (String f : frames) {
            boolean reliable = !f.startsWith("?");
            String fn = reliable ? f : f.substring(1);
            b.addFrame(new Frame(fn, null, null, fn.startsWith("aead_") ? module : null, reliable, null, null, null, false));
        }
        b.guiltyFrame = "aead_recvmsg";
        if (module != null) {
            b.modules.add(module);
        }
        return b.build("I1", "fp", 0);
    }

    static Extraction with(Incident... incidents) {
        return new Extraction(KernelFacts.empty(), List.of(incidents), Map.of());
    }

    static int matches(String match, Incident i) {
        return run(List.of(sig("inc", match)), KASAN, with(i)).size();
    }

    @Test
    void incidentKindsAndTitle() {
        Incident i = kasanIncident(null);
        assertEquals(1, matches("selections:\n  k: {incident: {kinds: [kasan, bug], title: 'use-after-free'}}\ncondition: k", i));
        assertEquals(0, matches("selections:\n  k: {incident: {kinds: [oops]}}\ncondition: k", i));
        assertEquals(0, matches("selections:\n  k: {incident: {kinds: [kasan], title: 'slab-out-of-bounds'}}\ncondition: k", i));
    }

    @Test
    void framesAnyAllSequenceAndReliableOnly() {
        Incident i = kasanIncident(null);
        assertEquals(1, matches("selections:\n  k: {incident: {frames: {any: ['^aead_', '^tg3_']}}}\ncondition: k", i));
        assertEquals(1, matches("selections:\n  k: {incident: {frames: {all: ['^aead_recvmsg$', '^sock_recvmsg$']}}}\ncondition: k", i));
        assertEquals(0, matches("selections:\n  k: {incident: {frames: {all: ['^aead_recvmsg$', '^tcp_recvmsg$']}}}\ncondition: k", i));
        // innermost first: aead_recvmsg is called by sock_recvmsg, which is called by ___sys_recvmsg
        assertEquals(1, matches("selections:\n  k: {incident: {frames: {sequence: ['^aead_recvmsg$', '^sock_recvmsg$', '^___sys_recvmsg$']}}}\ncondition: k", i));
        assertEquals(0, matches("selections:\n  k: {incident: {frames: {sequence: ['^sock_recvmsg$', '^aead_recvmsg$']}}}\ncondition: k", i));
        // aead_release only appears as a "?" frame
        assertEquals(1, matches("selections:\n  k: {incident: {frames: {any: ['^aead_release$']}}}\ncondition: k", i));
        assertEquals(0, matches("selections:\n  k: {incident: {frames: {any: ['^aead_release$'], reliable_only: true}}}\ncondition: k", i));
    }

    @Test
    void frameMatchCitesTheFrameLine() {
        Finding f = run(List.of(sig("fr", "selections:\n  k: {incident: {frames: {any: ['^sock_recvmsg$']}}}\ncondition: k")),
                KASAN, with(kasanIncident(null))).get(0);
        assertTrue(f.evidence().stream().anyMatch(e -> e.text().contains("sock_recvmsg+0xc9/0x110")), f.evidence()::toString);
        assertEquals(List.of("I1"), f.incidentIds());
    }

    @Test
    void modulesMustAllBeLinkedInOrNamedByAFrame() {
        Incident i = kasanIncident("algif_aead");
        assertEquals(1, matches("selections:\n  k: {incident: {modules: [algif_aead]}}\ncondition: k", i));
        assertEquals(0, matches("selections:\n  k: {incident: {modules: [algif_aead, tg3]}}\ncondition: k", i));
    }

    @Test
    void factsCompareArithmeticOverIncidentFacts() {
        // E-3 (Debian #695182): 4144756 inactive file pages of 16777200 pages RAM; Normal free 43788kB below min 44112kB
        LogRecord head = LogRecord.plain("E-3", 1, "bash invoked oom-killer: gfp_mask=0xd0, order=1, oom_adj=0, oom_score_adj=0");
        IncidentBuilder b = new IncidentBuilder(IncidentKind.OOM_KILL, head);
        b.facts.put(Facts.ORDER, 1);
        b.facts.put(Facts.INACTIVE_FILE_KB, 4144756L * 4);
        b.facts.put(Facts.TOTAL_RAM_KB, 16777200L * 4);
        b.facts.put(Facts.zoneKb("normal", "free"), 43788L);
        b.facts.put(Facts.zoneKb("normal", "min"), 44112L);
        b.facts.put(Facts.GFP_MASK, "0xd0");
        Incident oom = b.build("I1", "fp", 0);
        String m = "selections:\n  k: {incident: {kinds: [oom-kill], facts: [%s]}}\ncondition: k";
        assertEquals(1, run(List.of(sig("f1", m.formatted("'inactive_file_kb >= 0.2 * total_ram_kb', 'zone_normal_free_kb < zone_normal_min_kb'"))),
                List.of(head), with(oom)).size());
        assertEquals(0, run(List.of(sig("f2", m.formatted("'inactive_file_kb >= 0.5 * total_ram_kb'"))), List.of(head), with(oom)).size());
        assertEquals(0, run(List.of(sig("f3", m.formatted("'swap_free_kb < 1'"))), List.of(head), with(oom)).size(),
                "a fact the incident lacks makes the condition false");
        assertEquals(1, run(List.of(sig("f4", m.formatted("\"gfp_mask == '0xd0'\", 'order + 1 == 2'"))), List.of(head), with(oom)).size());
    }

    // ---- versions ----

    @Test
    void versionFromAPatternComparesDotted() {
        List<LogRecord> log = List.of(LogRecord.plain("e", 1, "e1000e: Intel(R) PRO/1000 Network Driver - 3.2.6-k"),
                LogRecord.plain("e", 2, "e1000e: Intel(R) PRO/1000 Network Driver - 1.0.0"));
        String m = "selections:\n  v: {version: {pattern: 'Intel\\(R\\) PRO/1000 Network Driver - (\\S+)', %s}}\ncondition: v";
        assertEquals(1, run(List.of(sig("v1", m.formatted("below: '3.10'"))), log, EngineFixture.noIncidents()).size());
        assertEquals(0, run(List.of(sig("v2", m.formatted("below: '3.2'"))), log, EngineFixture.noIncidents()).size(),
                "the first version seen counts");
        Finding f = run(List.of(sig("v3", m.formatted("equals: '3.2.6'"))), log, EngineFixture.noIncidents()).get(0);
        assertEquals(List.of(1L), lines(f));
    }

    @Test
    void kernelVersionToleratesDistributionSuffixes() {
        KernelFacts facts = new KernelFacts("2.6.18-128.7.1.el5", "x86_64", null, null, null, List.of(), List.of(), List.of());
        Extraction x = new Extraction(facts, List.of(), Map.of());
        String m = "selections:\n  v: {version: {kernel: true, %s}}\ncondition: v";
        List<LogRecord> log = List.of(LogRecord.plain("d", 1, "Kernel panic - not syncing: Fatal exception"));
        assertEquals(1, run(List.of(sig("k1", m.formatted("below: '2.6.19'"))), log, x).size());
        assertEquals(1, run(List.of(sig("k2", m.formatted("equals: '2.6.18'"))), log, x).size());
        assertEquals(0, run(List.of(sig("k3", m.formatted("above: '2.6.18'"))), log, x).size());
        assertEquals(1, run(List.of(sig("k4", m.formatted("at_least: '2.6.18-128'"))), log, x).size());
        assertEquals(0, run(List.of(sig("k5", m.formatted("at_least: '2.6.18-164'"))), log, x).size());
    }

    // ---- scopes ----

    /** The disk log, then a reboot, then the tg3 timeout: two boots. */
    static List<LogRecord> twoBoots() {
        List<LogRecord> out = new ArrayList<>(DISK);
        long n = DISK.size();
        out.add(LogRecord.plain("two", ++n, "Linux version 2.6.18-128.7.1.el5 (mockbuild@builder10.centos.org) (gcc version 4.1.2 20080704 (Red Hat 4.1.2-44)) #1 SMP Fri Sep 4 10:01:46 EDT 2009"));
        for (LogRecord r : read("tg3-timeout-B-4.log")) {
            out.add(new LogRecord(r.source(), ++n, r.host(), r.monoTime(), r.wallTime(), r.level(), r.callerId(), r.program(), r.kernel(), r.text()));
        }
        return out;
    }

    static Extraction twoBootFacts(List<LogRecord> log) {
        long banner = log.stream().filter(r -> r.text().startsWith("Linux version")).findFirst().orElseThrow().line();
        List<BootSession> boots = List.of(new BootSession(0, 1, banner - 1, null, null, null, false),
                new BootSession(1, banner, log.get(log.size() - 1).line(), null, null, "2.6.18-128.7.1.el5", true));
        return new Extraction(new KernelFacts("2.6.18-128.7.1.el5", null, null, null, null, List.of(), List.of(), boots),
                List.of(), Map.of());
    }

    @Test
    void bootScopeNeedsEverySelectionInTheSameBoot() {
        List<LogRecord> log = twoBoots();
        String both = "selections:\n  unc: {literal: 'error: { UNC }'}\n  tx: {lines: ['tg3: \\S+: transmit timed out']}\ncondition: unc and tx";
        assertEquals(1, run(List.of(sig("host", "scope: host\n" + both)), log, twoBootFacts(log)).size());
        assertEquals(0, run(List.of(sig("boot", "scope: boot\n" + both)), log, twoBootFacts(log)).size());
        String tx = "scope: boot\nselections:\n  tx: {lines: ['tg3: \\S+: transmit timed out']}\n  old: {version: {kernel: true, below: '2.6.19'}}\ncondition: tx and old";
        List<Finding> f = run(List.of(sig("tx", tx)), log, twoBootFacts(log));
        assertEquals(1, f.size());
        assertTrue(f.get(0).firstLine() > DISK.size(), "evidence from the second boot");
    }

    @Test
    void incidentScopeLinesSeeOnlyTheIncidentsOwnLines() {
        Incident i = kasanIncident(null);
        String inside = "scope: incident\nselections:\n  k: {incident: {kinds: [kasan]}}\n  read: {lines: ['Read of size \\d+ at addr']}\ncondition: k and read";
        List<Finding> f = run(List.of(sig("in", inside)), KASAN, with(i));
        assertEquals(1, f.size());
        assertEquals(List.of("I1"), f.get(0).incidentIds());
        // the syzkaller program lines before the report are in the stream but not in the incident
        String outside = "scope: incident\nselections:\n  k: {incident: {kinds: [kasan]}}\n  prog: {literal: 'executing program'}\ncondition: k and prog";
        assertEquals(0, run(List.of(sig("out", outside)), KASAN, with(i)).size());
        assertEquals(1, run(List.of(sig("hostprog", outside.replace("scope: incident", "scope: host"))), KASAN, with(i)).size());
    }
}
