package dev.crashtriage.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashtriage.input.LogFormat;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.Frame;
import dev.crashtriage.kernel.IncidentBuilder;
import dev.crashtriage.kernel.IncidentKind;
import dev.crashtriage.kernel.KernelFacts;
import dev.crashtriage.render.ControlCharEscaper;
import dev.crashtriage.render.JsonRenderer;
import dev.crashtriage.render.RenderOptions;
import dev.crashtriage.render.Renderer;
import dev.crashtriage.render.RendererRegistry;
import dev.crashtriage.render.TextRenderer;
import dev.crashtriage.signature.Evidence;
import dev.crashtriage.triage.AnalysisReport;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.Remediation;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every renderer on reports whose every log-derived string is arbitrary: text output never carries
 * a raw control character, JSON always parses back to the same strings, and each registered format
 * keeps its own shape (it parses, or its lines stay commands).
 */
class RendererFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "5s")
    void renderAnyStrings(FuzzedDataProvider data) throws IOException {
        String host = data.consumeString(40);
        String title = data.consumeString(200);
        String function = data.consumeString(60);
        String evidence = data.consumeString(5000);
        String step = data.consumeRemainingAsString();
        IncidentBuilder b = new IncidentBuilder(IncidentKind.OOPS, LogRecord.plain("fuzz.log", 1, evidence));
        b.title = title;
        b.comm = function;
        b.addFrame(new Frame(function, "0x1", "0x2", host, false, null, null, null, false));
        b.markCorrupted(evidence);
        Cause cause = new Cause(1, function, title, dev.crashtriage.signature.Severity.HIGH, 0.5, evidence, List.of(new Evidence("fuzz.log", 1, evidence)),
                List.of("I1"), new Remediation(List.of(step), List.of(step)), List.of(step), List.of(step), List.of(step),
                List.of(step));
        HostResult r = new HostResult("fuzz.log", host, LogFormat.PLAIN, 1,
                new KernelFacts(title, host, null, evidence, function, List.of(), List.of(function), List.of()),
                List.of(b.build("I1", "0", 0)), List.of(cause), Map.of(), List.of());
        AnalysisReport report = new AnalysisReport(List.of(r), List.of());

        StringWriter text = new StringWriter();
        new TextRenderer().render(report, new RenderOptions(false, "fuzz", true), text);
        String t = text.toString();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            assertTrue(c == '\n' || !isControl(c), "raw control character in text output");
        }
        assertEquals(1, t.lines().filter(l -> l.startsWith("== ")).count(), "one result header");

        StringWriter json = new StringWriter();
        new JsonRenderer().render(report, new RenderOptions(false, "fuzz", true), json);
        JsonNode doc = JSON.readTree(json.toString());
        everyRegisteredFormat(report);
        JsonNode result = doc.get("results").get(0);
        assertEquals(sanitized(host), sanitized(result.get("host").asText()));
        assertEquals(sanitized(evidence), sanitized(result.get("causes").get(0).get("evidence").get(0).get("text").asText()));
        assertEquals(sanitized(step), sanitized(result.get("causes").get(0).get("remediation").get("steps").get(0).asText()));
        assertEquals(sanitized(title), sanitized(result.get("incidents").get(0).get("title").asText()));
    }

    /** Every format in the registry: no raw control character, and the machine formats still parse. */
    private static void everyRegisteredFormat(AnalysisReport report) throws IOException {
        for (Renderer renderer : RendererRegistry.all()) {
            StringWriter w = new StringWriter();
            renderer.render(report, new RenderOptions(false, "fuzz", true), w);
            String out = w.toString();
            for (int i = 0; i < out.length(); i++) {
                char c = out.charAt(i);
                assertTrue(c == '\n' || !isControl(c), "raw control character in " + renderer.name() + " output");
            }
            switch (renderer.name()) {
                case "json", "sarif", "gitlab" -> JSON.readTree(out);
                case "jsonl" -> {
                    for (String line : out.split("\n")) {
                        JSON.readTree(line);
                    }
                }
                case "junit" -> {
                    try {
                        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                                .parse(new org.xml.sax.InputSource(new java.io.StringReader(out)));
                    } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
                        throw new AssertionError("junit output is not XML: " + e.getMessage(), e);
                    }
                }
                case "github" -> assertTrue(out.lines().allMatch(l -> l.startsWith("::")), "a line that is not a command");
                default -> {
                }
            }
        }
    }

    private static boolean isControl(char c) {
        return ControlCharEscaper.escape(String.valueOf(c)).length() > 1 && c != '\\';
    }

    /** Lone surrogates cannot survive any UTF-16 round trip; everything else must be exact. */
    private static String sanitized(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                b.append('\ufffd');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
