package dev.crashtriage.render;

import dev.crashtriage.triage.AnalysisReport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which evidence and frames the text report puts in front of a person. */
class TextEvidenceTest {

    private static String render(AnalysisReport report, boolean verbose) throws IOException {
        StringWriter w = new StringWriter();
        new TextRenderer().render(report, new RenderOptions(false, "test", verbose), w);
        return w.toString();
    }

    @Test
    void registerDumpAndCutMarkersGiveWayToTheMessage() throws IOException {
        // real lines: the 2.6.7 oops of A-2 and its register dump, and a WARNING's marker
        AnalysisReport r = new AnalysisReport(List.of(SampleReports.xfsResult(List.of(
                "------------[ cut here ]------------",
                "EIP:    0060:[<c01153ef>]    Not tainted",
                SampleReports.OOPS_TEXT,
                "eax: 00000000   ebx: cafc3ff8   ecx: 0000007b   edx: 00000000"), "Use 8K stacks.")), List.of());
        String text = render(r, false);
        String evidence = text.substring(text.indexOf("Evidence"), text.indexOf("What to do"));
        assertTrue(evidence.contains(SampleReports.OOPS_TEXT), evidence);
        assertFalse(evidence.contains("cut here"), evidence);
        assertFalse(evidence.contains("EIP:"), evidence);
        assertTrue(evidence.contains("3 more (--verbose shows all)"), "what is left out is counted: " + evidence);
        String all = render(r, true);
        assertTrue(all.contains("cut here") && all.contains("EIP:    0060"), "--verbose shows everything");
    }

    @Test
    void aCauseWithOnlyDumpLinesStillShowsThem() throws IOException {
        AnalysisReport r = new AnalysisReport(List.of(SampleReports.xfsResult(List.of(
                "EIP:    0060:[<c01153ef>]    Not tainted"), "Use 8K stacks.")), List.of());
        assertTrue(render(r, false).contains("EIP:    0060:[<c01153ef>]"));
    }

    @Test
    void unreliableFramesAreNotTopFrames() throws IOException {
        String text = render(new AnalysisReport(List.of(SampleReports.xfsResult(List.of(SampleReports.OOPS_TEXT),
                "x")), List.of()), false);
        assertFalse(text.contains("? xfs_trans_read_buf"), text);
        assertTrue(text.contains("1 unreliable (?) frame"), text);
        assertTrue(render(new AnalysisReport(List.of(SampleReports.xfsResult(List.of(SampleReports.OOPS_TEXT),
                "x")), List.of()), true).contains("? xfs_trans_read_buf"));
    }

    @Test
    void linesAreToldApartByWhatTheyAre() {
        assertEquals(EvidenceLine.DUMP, EvidenceLine.of("------------[ cut here ]------------"));
        assertEquals(EvidenceLine.DUMP, EvidenceLine.of("RIP: 0010:tg3_poll_work+0x2a/0x3c0 [tg3]"));
        assertEquals(EvidenceLine.DUMP, EvidenceLine.of("Code: 8b 40 04 85 c0 74 0e"));
        assertEquals(EvidenceLine.DUMP, EvidenceLine.of("Process swapper (pid: 0, threadinfo=c0474000 task=c03d9b00)"));
        assertEquals(EvidenceLine.DUMP, EvidenceLine.of("NIP: c0000000000b7a54 LR: c0000000000b7a40 CTR: 0000000000000000"));
        assertEquals(EvidenceLine.FRAME, EvidenceLine.of(" [<c0106a05>] error_code+0x2d/0x38"));
        assertEquals(EvidenceLine.FRAME, EvidenceLine.of("  tg3_poll_work+0x2a/0x3c0 [tg3]"));
        assertEquals(EvidenceLine.MESSAGE, EvidenceLine.of("EIP is at do_page_fault+0x51/0x583"));
        assertEquals(EvidenceLine.MESSAGE, EvidenceLine.of("Kernel panic - not syncing: Fatal exception in interrupt"));
        assertEquals(EvidenceLine.MESSAGE, EvidenceLine.of("tg3: eth0: transmit timed out, resetting"));
    }

    @Test
    void layoutWrapsAtWordsAndCutsLogLinesInTheMiddle() {
        assertEquals(List.of("  - one two", "    three"), TextLayout.wrap("one two three", 11, "  - ", "    "));
        assertEquals(List.of("  - https://lore.kernel.org/lkml/a-very-long-message-id/"),
                TextLayout.wrap("https://lore.kernel.org/lkml/a-very-long-message-id/", 20, "  - ", "    "));
        String cut = TextLayout.shortenMiddle("ata1.00: failed command: READ FPDMA QUEUED tag 0 ncq 4096 in", 40);
        assertEquals(40, cut.length());
        assertTrue(cut.startsWith("ata1.00: failed") && cut.endsWith("4096 in"), cut);
        assertEquals("Mar 9 16:17:38", TextLayout.wallTime("--03-09T16:17:38"));
        assertEquals("2023-03-14T02:31:52", TextLayout.wallTime("2023-03-14T02:31:52"));
        assertEquals("stdin", TextLayout.source("-"));
    }
}
