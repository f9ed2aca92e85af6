package dev.crashtriage.render;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.input.LogFormat;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.BootSession;
import dev.crashtriage.kernel.Frame;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.kernel.IncidentKind;
import dev.crashtriage.kernel.KernelFacts;
import dev.crashtriage.signature.Evidence;
import dev.crashtriage.triage.AnalysisReport;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.Remediation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports built record by record, independent of the detectors and signatures, to pin the output
 * formats. The lines are from the XFS-on-LVM 4K-stack oops posted to LKML on 2004-07-20
 * (src/test/resources/logs/A-2.log); the cause follows what that thread concluded.
 */
final class SampleReports {
    static final String SOURCE = "logs/A-2.log";

    private SampleReports() {
    }

    static AnalysisReport xfsStackOverflow() {
        return new AnalysisReport(List.of(xfsResult(List.of(OOPS_TEXT), "Don't use 4K stacks and XFS.")),
                List.of(new InputProblem("logs/missing.log", "no such file or directory", true)));
    }

    static final String OOPS_TEXT = "Unable to handle kernel paging request at virtual address 770000d5";

    /** A result whose log-derived strings are {@code hostile}, for the output-safety tests. */
    static HostResult xfsResult(List<String> evidenceTexts, String remediationStep) {
        List<Frame> frames = List.of(
                new Frame("show_stack", "0x80", "0x96", null, true, null, "c0106d63", null, false),
                new Frame("do_page_fault", "0x1f1", "0x583", null, true, null, "c011558f", null, false),
                new Frame("error_code", "0x2d", "0x38", null, true, "exception", "c0106a05", null, false),
                new Frame("dm_request", "0x28", "0xcd", null, true, null, "c031d52b", null, false),
                new Frame("xfs_trans_read_buf", "0x17f", "0x38b", null, false, null, "c025448b", null, false));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("address", "770000d5");
        facts.put("oops_count", 1);
        facts.put("recursive_faults", true);
        facts.put("stack_words", List.of("65ff0066", "6c69616d"));
        List<LogRecord> lines = List.of(LogRecord.plain(SOURCE, 1, OOPS_TEXT),
                LogRecord.plain(SOURCE, 5, "Oops: 0000 [#1]"));
        Incident oops = new Incident("I1", IncidentKind.OOPS,
                "BUG: unable to handle kernel paging request in do_page_fault", SOURCE, 1, 49, null, null, 10,
                -1072123377, "", null, List.of("eepro100"), frames, "dm_request", true,
                "process name and pid are garbage: thread_info overwritten", "3f2a9c0d1e5b7a64", facts, lines, 0);
        List<Evidence> evidence = new ArrayList<>();
        long n = 1;
        for (String text : evidenceTexts) {
            evidence.add(new Evidence(SOURCE, n, text));
            n += 10;
        }
        Cause cause = new Cause(1, "xfs-4k-stack-overflow", "Kernel stack overflow: XFS writeback on 4K stacks",
                dev.crashtriage.signature.Severity.CRITICAL, 0.8349, "XFS flushing delayed allocations from inside a write, through device-mapper, "
                        + "needs more than a 4K stack.", evidence, List.of("I1"),
                new Remediation(List.of(remediationStep, "Build the kernel with 8K stacks (CONFIG_4KSTACKS=n)."),
                        List.of("grep CONFIG_4KSTACKS /boot/config-$(uname -r)")),
                List.of("https://lore.kernel.org/lkml/20040720114418.GH21918@email.archlab.tuwien.ac.at/"),
                List.of("the filesystem was nearly full"), List.of("the kernel uses 8K stacks"),
                List.of("bad-ram"), List.of("no 'kernel stack overflow' line was printed"));
        KernelFacts kernel = new KernelFacts("2.6.7", "i386", null, null, "Not tainted", List.of(),
                List.of("eepro100"), List.of(new BootSession(0, 1, 49, null, null, "2.6.7", false)));
        return new HostResult(SOURCE, null, LogFormat.PLAIN, 49, kernel, List.of(oops), List.of(cause),
                new java.util.TreeMap<>(Map.of("recursive_fault_lines", 3, "incidents_not_kept", 12)), List.of());
    }
}
