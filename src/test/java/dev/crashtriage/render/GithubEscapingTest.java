package dev.crashtriage.render;

import dev.crashtriage.triage.AnalysisReport;
import dev.crashtriage.triage.HostResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workflow commands escaped exactly as @actions/core does (packages/core/src/command.ts: escapeData
 * replaces % CR LF with %25 %0D %0A; escapeProperty also : and , with %3A %2C; a property with an
 * empty value is left out), and a log line that tries to issue its own command cannot.
 */
class GithubEscapingTest {

    @Test
    void dataIsEscapedLikeTheToolkit() {
        assertEquals("100%25 done%0D%0Anext: a, b", GithubRenderer.escapeData("100% done\r\nnext: a, b"));
        assertEquals("%2525", GithubRenderer.escapeData("%25"), "% first, so an escape in the text stays text");
    }

    @Test
    void propertiesAreEscapedLikeTheToolkit() {
        assertEquals("consoles/host%3A1%2Cb.log", GithubRenderer.escapeProperty("consoles/host:1,b.log"));
        assertEquals("a%25%0D%0A", GithubRenderer.escapeProperty("a%\r\n"));
    }

    @Test
    void aCommandIsNameSpacePropertiesColonColonMessage() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("file", "consoles/a.log");
        p.put("line", "12");
        p.put("endLine", "40");
        p.put("title", "");
        assertEquals("::error file=consoles/a.log,line=12,endLine=40::boom", GithubRenderer.issue("error", p, "boom"));
        assertEquals("::notice::x", GithubRenderer.issue("notice", Map.of(), "x"));
    }

    @Test
    void severityPicksTheCommand() {
        assertEquals("error", GithubRenderer.command("critical"));
        assertEquals("error", GithubRenderer.command("high"));
        assertEquals("warning", GithubRenderer.command("medium"));
        assertEquals("notice", GithubRenderer.command("low"));
        assertEquals("notice", GithubRenderer.command("info"));
    }

    @Test
    void aLogLineCannotIssueItsOwnCommand() throws IOException {
        String forged = "evil\n::error file=x::forged\r\n::add-mask::secret %0A::stop-commands::t";
        HostResult r = SampleReports.xfsResult(List.of(forged), forged);
        StringWriter w = new StringWriter();
        new GithubRenderer().render(new AnalysisReport(List.of(r), List.of()), new RenderOptions(false, "t", false), w);
        List<String> lines = w.toString().lines().toList();
        assertEquals(2, lines.size(), "one annotation and the summary notice: " + lines);
        assertTrue(lines.get(0).startsWith("::error file=logs/A-2.log,line=1,endLine=49,title=Kernel stack overflow%3A"),
                lines.get(0));
        // the log's own newline is shown as \n, its % as %25: nothing of it starts a line
        assertTrue(lines.get(0).contains("evil\\n::error file=x::forged\\r\\n::add-mask::secret %250A::stop-commands::t"),
                lines.get(0));
    }
}
