package dev.crashtriage.signature;

import dev.crashtriage.input.LogReader;
import dev.crashtriage.input.LogRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.crashtriage.signature.EngineFixture.bound;
import static dev.crashtriage.signature.EngineFixture.read;
import static dev.crashtriage.signature.EngineFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The incident-bound format: each selection looks where it says relative to the incident it
 * explains, frames are parsed frames, and the evidence cited is what made the signature match.
 */
class IncidentBoundSignatureTest {

    static List<Long> lines(Finding f) {
        return f.evidence().stream().map(Evidence::line).toList();
    }

    static List<LogRecord> text(String log) {
        List<LogRecord> out = new ArrayList<>();
        try {
            new LogReader().read(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), "t.log", null, out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static final String TG3_FRAMES = "selections:\n  in_tg3: {frames: {any: [{function: '^tg3_', module: tg3}]}}\ncondition: in_tg3";

    @Test
    void aBystanderCpusBacktraceIsNotTheCrashingStack() {
        // CPU 0 hard-locked on a spinlock; CPU 2's NMI backtrace happens to be in tg3_poll_work
        List<LogRecord> log = read("hard-lockup-bystander-tg3.log");
        Signature tg3 = bound("tg3", "[hard-lockup, oops, panic]", TG3_FRAMES, null, "");
        assertEquals(List.of(), run(List.of(tg3), log), "the bystander's tg3 frames must not explain the lockup");

        // a signature about all CPUs' backtraces may still ask for them, by name
        Signature others = bound("others", "[hard-lockup]",
                "selections:\n  in_tg3: {frames: {any: ['^tg3_'], sections: [other-cpu]}}\ncondition: in_tg3", null, "");
        List<Finding> f = run(List.of(others), log);
        assertEquals(1, f.size());
        assertEquals(List.of(1L, 31L), lines(f.get(0)), "the lockup's first line and the bystander's RIP line");

        // and the stuck CPU's own frames are matched as usual
        Signature own = bound("own", "[hard-lockup]",
                "selections:\n  spin: {frames: {any: [{function: '^lockholder_', module: lockholder}], reliable_only: true}}\ncondition: spin",
                null, "");
        assertEquals(List.of(1L, 21L), lines(run(List.of(own), log).get(0)));
    }

    @Test
    void oneFramePatternCoversRhel3Kallsyms24AndModernSyntax() {
        List<LogRecord> log = read("sysrq-t-ext2-three-eras.log");
        Signature ext2 = bound("ext2", "[task-dump]",
                "selections:\n  alloc: {frames: {any: [{function: '^ext2_new_inode$', module: 'ext2|'}], at_least: 3}}\n"
                        + "  alloc_any_module: {frames: {any: ['^ext2_new_inode$'], at_least: 3}}\ncondition: alloc_any_module",
                null, "");
        List<Finding> f = run(List.of(ext2), log);
        assertEquals(1, f.size(), "three tasks wait in ext2_new_inode, each printed in another era's syntax");
        // the RHEL3 line, the kallsyms line and the 2.6 line: one frame each
        assertEquals(List.of(1L, 6L, 10L, 16L), lines(f.get(0)));
        Signature four = bound("four", "[task-dump]",
                "selections:\n  alloc: {frames: {any: ['^ext2_new_inode$'], at_least: 4}}\ncondition: alloc", null, "");
        assertEquals(List.of(), run(List.of(four), log));
        // module: the RHEL3 and 2.6 frames name [ext2]; the 2.4 kallsyms frame names no module
        Signature inModule = bound("mod", "[task-dump]",
                "selections:\n  alloc: {frames: {any: [{function: '^ext2_new_inode$', module: ext2}], at_least: 2}}\ncondition: alloc",
                null, "");
        assertEquals(List.of(1L, 6L, 16L), lines(run(List.of(inModule), log).get(0)));
    }

    /** A tg3 timeout at 100 s, a crash at 130 s, another timeout at 200 s: kernel times bound the windows. */
    private static final String TIMED = String.join("\n",
            "[  100.000000] tg3: eth0: transmit timed out, resetting",
            "[  110.000000] eth0: Link is up at 1000 Mbps, full duplex",
            "[  130.000000] BUG: unable to handle kernel NULL pointer dereference at 0000000000000008",
            "[  130.000001] IP: [<ffffffffa01234a1>] tg3_poll_work+0x2a1/0xe10 [tg3]",
            "[  130.000002] Oops: 0000 [#1] SMP",
            "[  130.000003] Modules linked in: tg3 ptp pps_core",
            "[  130.000004] Pid: 0, comm: swapper Not tainted 2.6.32-279.el6.x86_64 #1",
            "[  130.000005] Call Trace:",
            "[  130.000006]  <IRQ>",
            "[  130.000007]  [<ffffffffa0123c3c>] tg3_poll_msix+0x3c/0x150 [tg3]",
            "[  130.000008]  [<ffffffff8143c13d>] net_rx_action+0x13d/0x3a0",
            "[  130.000009]  [<ffffffff8106f0e1>] __do_softirq+0xe1/0x2d6",
            "[  130.000010]  <EOI>",
            "[  130.000011] Kernel panic - not syncing: Fatal exception in interrupt",
            "[  200.000000] tg3: eth0: transmit timed out, resetting", "");

    @Test
    void beforeAndAfterLookOnTheirSideOfTheIncidentWithinTheWindow() {
        List<LogRecord> log = text(TIMED);
        String m = "selections:\n  crash: {frames: {any: ['^tg3_']}}\n"
                + "  tx: {where: %s, within: %s, lines: ['tg3: \\S+: transmit timed out']}\ncondition: crash and tx";
        List<Finding> before = run(List.of(bound("b", "[oops]", m.formatted("before", "1m"), null, "")), log);
        assertEquals(1, before.size());
        assertTrue(lines(before.get(0)).contains(1L) && !lines(before.get(0)).contains(15L), lines(before.get(0)).toString());
        assertEquals(List.of(), run(List.of(bound("b10", "[oops]", m.formatted("before", "10s"), null, "")), log),
                "30 s before is outside a 10 s window");
        List<Finding> after = run(List.of(bound("a", "[oops]", m.formatted("after", "2m"), null, "")), log);
        assertTrue(lines(after.get(0)).contains(15L) && !lines(after.get(0)).contains(1L), lines(after.get(0)).toString());
        List<Finding> around = run(List.of(bound("ar", "[oops]", m.formatted("around", "2m"), null, "")), log);
        assertTrue(lines(around.get(0)).containsAll(List.of(1L, 15L)));
        // lines inside the incident are not "before" it
        String inside = "selections:\n  crash: {frames: {any: ['^tg3_']}}\n"
                + "  panic: {where: before, lines: ['Fatal exception in interrupt']}\ncondition: crash and panic";
        assertEquals(List.of(), run(List.of(bound("in", "[oops]", inside, null, "")), log));
    }

    @Test
    void anEarlierIncidentNamedByPrecededByBecomesTheCause() {
        List<LogRecord> log = text(TIMED);
        Signature crash = bound("c", "[oops]", "selections:\n  crash: {frames: {any: ['^tg3_']}}\ncondition: crash", null,
                "preceded_by:\n  - {kinds: [nic-tx-timeout], within: 5m}\n");
        List<Finding> f = run(List.of(crash), log);
        assertEquals(1, f.size());
        String oops = f.get(0).incidentIds().get(0);
        assertTrue(f.get(0).causedBy().containsKey(oops), f.get(0).causedBy().toString());
        Signature tooShort = bound("s", "[oops]", "selections:\n  crash: {frames: {any: ['^tg3_']}}\ncondition: crash", null,
                "preceded_by:\n  - {kinds: [nic-tx-timeout], within: 10s}\n");
        assertEquals(java.util.Map.of(), run(List.of(tooShort), log).get(0).causedBy());
    }

    @Test
    void hostWideLinesAreRefusedAndExplainsIsRequired() {
        String yaml = "id: x\ntitle: t\nseverity: high\narea: test\ndescription: d\nexplains: [oops]\n"
                + "match:\n  selections:\n    any: {where: host, lines: ['tg3']}\n  condition: any\n"
                + "confidence: {base: 0.5}\nremediation: {steps: [s]}\nreferences: [r]\n";
        SignatureLoader.Result r = SignatureLoader.load("x.yml", null, yaml);
        assertTrue(!r.ok() && r.errors().get(0).getMessage().contains("never host-wide"), r.errors().toString());
        SignatureLoader.Result noExplains = SignatureLoader.load("x.yml", null, yaml.replace("explains: [oops]\n", "")
                .replace("where: host, ", ""));
        assertTrue(!noExplains.ok() && noExplains.errors().get(0).getMessage().contains("explains"), noExplains.errors().toString());
    }

    @Test
    void theWorkedExampleInTheFormatDocumentLoads() throws IOException {
        Path doc = Path.of("docs/signature-format.md");
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(doc));
        assertTrue(m.find(), "docs/signature-format.md has a yaml example");
        SignatureLoader.Result r = SignatureLoader.load("tg3-napi-poll-crash.yml", null, m.group(1));
        assertEquals(List.of(), r.errors().stream().map(Exception::getMessage).toList());
        assertEquals(Scope.EXPLAINED, r.signature().scope());
    }

    /**
     * Constructed: a boot of 16 hours with an AppArmor denial every 10 s (5,800 matches of one selection), and an
     * oops in tg3 at hour 8. The denials in the minute before the oops are in the middle of the boot, far from its
     * first and last matches: the engine keeps them because they are near an incident.
     */
    @Test
    void theLinesAnIncidentNeedsInTheMiddleOfAHugeBootAreKept() {
        StringBuilder log = new StringBuilder();
        for (int t = 0; t < 58_000; t += 10) {
            if (t == 29_010) {
                for (String l : TIMED.split("\n")) {
                    if (l.contains("130.0000") && !l.contains("Kernel panic")) {
                        log.append(l.replace("  130.0000", "29005.0000")).append('\n');
                    }
                }
            }
            log.append(String.format("[%6d.000000] audit: type=1400 audit(%d.0:%d): apparmor=\"DENIED\" operation=\"open\""
                    + " profile=\"/usr/sbin/cupsd\" name=\"/etc/ssl/private/\" pid=812 comm=\"cupsd\"%n", t, t, t / 10));
        }
        List<LogRecord> records = text(log.toString());
        String m = "selections:\n  crash: {frames: {any: ['^tg3_']}}\n"
                + "  denied: {where: before, within: 1m, lines: ['apparmor=\"DENIED\"'], count: {at_least: %d}}\ncondition: crash and denied";
        List<Finding> six = run(List.of(bound("six", "[oops]", m.formatted(6), null, "")), records);
        assertEquals(1, six.size(), "the six denials at 28950..29000 s are within a minute before the oops at 29005 s");
        List<Long> cited = lines(six.get(0));
        long oops = records.stream().filter(r -> r.text().startsWith("BUG: unable")).findFirst().orElseThrow().line();
        for (long l = oops - 6; l < oops; l++) {
            assertTrue(cited.contains(l), "line " + l + " before the oops is cited: " + cited);
        }
        assertEquals(List.of(), run(List.of(bound("seven", "[oops]", m.formatted(7), null, "")), records),
                "exactly six lie in the window: the count is exact, not an estimate");
    }

    /**
     * Constructed: two boots of one machine (banners in the format of 5.16-era x86 kernels), the same WARNING in the
     * second one; the kernel release of each boot is the banner's, read once by kernel/BootTracker.
     */
    private static String twoBoots(String first, String second) {
        return String.join("\n",
                "[    0.000000] Linux version " + first + " (builder@host) (gcc (GCC) 11.2.0) #1 SMP PREEMPT",
                "[    1.000000] usb 1-4: new high-speed USB device number 5 using xhci_hcd",
                "[    0.000000] Linux version " + second + " (builder@host) (gcc (GCC) 11.2.0) #1 SMP PREEMPT",
                "[  100.000000] ------------[ cut here ]------------",
                "[  100.000001] WARNING: CPU: 4 PID: 16786 at kernel/softirq.c:362 __local_bh_enable_ip+0x43/0x70",
                "[  100.000002] Call Trace:",
                "[  100.000003]  netpoll_send_skb+0x1a0/0x1e0",
                "[  100.000004] ---[ end trace 0000000000000000 ]---", "");
    }

    @Test
    void aKernelReleaseThatChangedAtTheIncidentsBootIsTheBannersNotAGuess() {
        Signature changed = bound("changed", "[warning]",
                "selections:\n  new_kernel: {version: {kernel: true, changed_from_previous_boot: true}}\ncondition: new_kernel",
                null, "");
        assertEquals(1, run(List.of(changed), text(twoBoots("5.16.10", "5.16.16"))).size(),
                "5.16.10 then 5.16.16: the warning is on the first boot of a new release");
        assertEquals(List.of(), run(List.of(changed), text(twoBoots("5.16.16", "5.16.16"))),
                "the same release booted twice: nothing changed");
        // realworld I-3 (netconsole, one boot of 5.16.16, no banner): nothing to compare with, whatever its story says
        List<LogRecord> i3 = text(resource("/realworld/I-3.log"));
        assertEquals(List.of(), run(List.of(bound("i3", "[double-fault, warning, oops]",
                "selections:\n  new_kernel: {version: {kernel: true, changed_from_previous_boot: true}}\ncondition: new_kernel",
                null, "")), i3));
    }

    private static String resource(String name) {
        try (var in = IncidentBoundSignatureTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
