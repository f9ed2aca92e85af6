package dev.crashtriage.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashtriage.triage.AnalysisReport;
import dev.crashtriage.triage.HostResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A compromised host can write anything to its kernel log. Neither renderer may let that text drive
 * the reader's terminal or forge a piece of the report.
 */
class OutputSafetyTest {
    /** Each one a known way to attack a terminal or a report reader. */
    static final List<String> HOSTILE = List.of(
            "clear \u001b[2J\u001b[H screen and \u001b[31mrecolour",
            "link \u001b]8;;https://evil.example/\u0007click me\u001b]8;;\u0007",
            "clipboard \u001b]52;c;cm0gLXJmIH4=\u0007 write",
            "title \u001b]0;owned\u001b\\ change",
            "8-bit CSI \u009b31m and OSC \u009d0;x\u009c",
            "bidi \u202eevil.sh\u202c and \u2066isolate\u2069 and \u200fmark",
            "forged\n== /etc/shadow (host db1)\n#1 Fake cause\n  I9 Fake incident",
            "carriage\rreturn, backspace\b\b, bell\u0007, NUL\u0000, DEL\u007f",
            "JSON end \"}]}, \"summary\": {}} and \\\" and \u2028line sep",
            "lone surrogate \ud800 here",
            "x".repeat(200_000));

    static AnalysisReport hostileReport() {
        HostResult base = SampleReports.xfsResult(HOSTILE, HOSTILE.get(6));
        // the host and source names come from the log and the file system: hostile too
        HostResult r = new HostResult("logs/\u001b[2Jevil\n== x.log", "db1\u001b]0;t\u0007\n== y", base.format(),
                base.lines(), base.kernel(), base.incidents(), base.causes(), base.context(), base.problems());
        return new AnalysisReport(List.of(r), List.of());
    }

    private static String render(Renderer renderer, boolean color) throws IOException {
        StringWriter w = new StringWriter();
        renderer.render(hostileReport(), new RenderOptions(color, "test", true), w);
        return w.toString();
    }

    @Test
    void textOutputHasNoControlCharacterOfItsOwnExceptNewlines() throws IOException {
        String out = render(new TextRenderer(), false);
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c != '\n') {
                int at = i;
                assertFalse(ControlCharEscaper.needsEscape(c),
                        () -> String.format("raw U+%04x at %d: %s", (int) c, at, out.substring(Math.max(0, at - 40), at)));
            }
        }
    }

    @Test
    void colouredTextOnlyCarriesOurOwnSgrSequences() throws IOException {
        String out = render(new TextRenderer(), true);
        String withoutOurs = out.replaceAll("\u001b\\[[0-9;]*m", "");
        assertTrue(out.length() > withoutOurs.length(), "colour is on");
        assertFalse(withoutOurs.chars().anyMatch(c -> c != '\n' && ControlCharEscaper.needsEscape((char) c)),
                "an escape that is not our own SGR reached the output");
    }

    @Test
    void textCannotForgeAResultHeaderOrALine() throws IOException {
        String out = render(new TextRenderer(), false);
        long headers = out.lines().filter(l -> l.startsWith("== ")).count();
        assertEquals(1, headers, out);
        assertTrue(out.lines().noneMatch(l -> l.startsWith("#1 Fake") || l.startsWith("  I9")), out);
        assertTrue(out.contains("forged\\n== /etc/shadow (host db1)\\n#1 Fake cause"), "the text is shown, escaped");
        assertTrue(out.contains("\\e]52;c;"), "OSC 52 is shown, escaped");
        assertTrue(out.contains("\\x9b31m"), "8-bit CSI is shown, escaped");
        assertTrue(out.contains("\\u202eevil.sh"), "bidi override is shown, escaped");
    }

    @Test
    void textCutsHugeLinesWithAMarker() throws IOException {
        String out = render(new TextRenderer(), false);
        assertTrue(out.contains(" [... " + (200_000 - ControlCharEscaper.DEFAULT_MAX_CHARS) + " more characters cut]"));
        assertTrue(out.length() < 100_000, "a 200k-character line is not printed whole");
    }

    @Test
    void jsonIsPrintableAsciiAndEveryStringRoundTrips() throws IOException {
        String out = render(new JsonRenderer(), true);
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            int at = i;
            assertTrue(c == '\n' || (c >= 0x20 && c < 0x7f), () -> String.format("raw U+%04x at %d", (int) c, at));
        }
        JsonNode doc = new ObjectMapper().readTree(out);
        JsonNode result = doc.get("results").get(0);
        assertEquals(1, doc.get("results").size(), "no forged result");
        assertEquals("logs/\u001b[2Jevil\n== x.log", result.get("source").asText());
        assertEquals("db1\u001b]0;t\u0007\n== y", result.get("host").asText());
        List<String> evidence = new ArrayList<>();
        result.get("causes").get(0).get("evidence").forEach(e -> evidence.add(e.get("text").asText()));
        assertEquals(HOSTILE, evidence, "JSON keeps every evidence text whole and exact");
        assertEquals(HOSTILE.get(6), result.get("causes").get(0).get("remediation").get("steps").get(0).asText());
        List<String> keys = new ArrayList<>();
        doc.get("summary").fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("results", "incidents", "causes", "input_errors", "inputs", "inputs_with_incidents",
                "inputs_with_causes", "inputs_failed", "skipped", "distinct_crashes", "distinct_causes"), keys,
                "summary is ours");
    }

    static List<Renderer> renderers() {
        return RendererRegistry.all();
    }

    /** Every format in the registry, on the hostile report: no raw control character of the log gets through. */
    @ParameterizedTest
    @MethodSource("renderers")
    void noFormatLetsARawControlCharacterThrough(Renderer renderer) throws IOException {
        String out = render(renderer, false);
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            int at = i;
            assertTrue(c == '\n' || !ControlCharEscaper.needsEscape(c), () -> renderer.name() + String.format(
                    ": raw U+%04x at %d: %s", (int) c, at, out.substring(Math.max(0, at - 40), at)));
        }
    }

    /** ... and the hostile text cannot forge the format's own structure. */
    @ParameterizedTest
    @MethodSource("renderers")
    void noFormatCanBeForgedByTheLog(Renderer renderer) throws Exception {
        String out = render(renderer, false);
        switch (renderer.name()) {
            case "json", "sarif", "gitlab" -> new ObjectMapper().readTree(out);
            case "jsonl" -> {
                List<String> lines = out.lines().toList();
                for (String l : lines) {
                    new ObjectMapper().readTree(l);
                }
                assertEquals(1, lines.stream().filter(l -> l.startsWith("{\"type\":\"result\"")).count(), out);
            }
            case "junit" -> javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new org.xml.sax.InputSource(new java.io.StringReader(out)));
            case "github" -> {
                assertTrue(out.lines().allMatch(l -> l.startsWith("::error ") || l.startsWith("::warning ")
                        || l.startsWith("::notice ")), out);
                assertEquals(1, out.lines().filter(l -> l.contains("title=Kernel stack overflow")).count(),
                        "one annotation per cause");
            }
            case "markdown" -> {
                assertTrue(out.lines().noneMatch(l -> l.startsWith("== ") || l.startsWith("#1 Fake")), out);
                assertTrue(out.lines().filter(l -> l.startsWith("<")).allMatch(l -> l.startsWith("<details><summary>")
                        || l.equals("</details>")), "no HTML from the log");
                assertFalse(out.contains("](https://evil"), "no link from the log");
            }
            case "text" -> assertEquals(1, out.lines().filter(l -> l.startsWith("== ")).count());
            default -> throw new AssertionError("a new format needs a forging check here: " + renderer.name());
        }
    }
}
