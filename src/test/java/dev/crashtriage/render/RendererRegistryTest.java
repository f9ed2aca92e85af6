package dev.crashtriage.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashtriage.triage.AnalysisReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every registered renderer keeps, run over the registry so that a new format is
 * covered by registering it: it declares a unique name and an extension, only a format for people
 * may colour, and its output on a real multi-input run matches its golden file
 * ({@code golden/registry.<name>.<extension>}; regenerate with -Dgolden.update=true and read the diff).
 */
class RendererRegistryTest {
    private static final AnalysisReport REPORT = RegistryReports.pipeline();

    static List<Renderer> renderers() {
        return RendererRegistry.all();
    }

    @Test
    void namesAreUniqueAndEveryIssueFormatIsThere() {
        Set<String> names = new HashSet<>();
        for (Renderer r : RendererRegistry.all()) {
            assertTrue(names.add(r.name()), "duplicate " + r.name());
            assertFalse(r.extension().isBlank() || r.extension().startsWith("."), r.name());
            assertEquals(r.name(), RendererRegistry.forName(r.name()).name());
        }
        assertEquals(Set.of("text", "json", "jsonl", "sarif", "junit", "github", "gitlab", "markdown"), names);
    }

    @Test
    void eachRegisteredNameIsTheNameItsRendererDeclares() {
        // the registry names formats without building their renderers; this ties each name to the renderer's own
        assertEquals(List.copyOf(RendererRegistry.names()), RendererRegistry.all().stream().map(Renderer::name).toList());
    }

    @Test
    void onlyTextMayColour() {
        for (Renderer r : RendererRegistry.all()) {
            assertEquals(r.name().equals("text"), r.mayColor(), r.name());
        }
    }

    @ParameterizedTest
    @MethodSource("renderers")
    void matchesItsGoldenFile(Renderer renderer) throws IOException {
        String out = RegistryReports.render(renderer, REPORT, RegistryReports.options(REPORT));
        Golden.assertMatches("registry." + renderer.name() + "." + renderer.extension(), out);
    }

    @ParameterizedTest
    @MethodSource("renderers")
    void aColourRequestIsIgnoredByFormatsThatMayNotColour(Renderer renderer) throws IOException {
        RenderOptions plain = RegistryReports.options(REPORT);
        RenderOptions coloured = new RenderOptions(renderer.mayColor(), plain.toolVersion(), plain.verbose(),
                plain.signatures(), plain.baseline(), plain.skipped(), plain.timestamp(), plain.summaryOnly());
        String out = RegistryReports.render(renderer, REPORT, coloured);
        assertEquals(renderer.mayColor(), out.contains("\u001b["), renderer.name());
    }

    @Test
    void jsonSummaryGroupsTheInputsAndListsTheInputErrors() throws IOException {
        JsonNode doc = new ObjectMapper().readTree(RegistryReports.render(new JsonRenderer(), REPORT,
                RegistryReports.options(REPORT)));
        JsonNode summary = doc.get("summary");
        assertEquals(3, summary.get("inputs").asInt());
        assertEquals(2, summary.get("input_errors").asInt(), "gone.log and empty.log");
        assertEquals(2, summary.get("inputs_failed").asInt());
        assertTrue(summary.get("distinct_crashes").size() >= 3, summary::toString);
        assertEquals("no_kernel_log", doc.get("errors").get(1).get("kind").asText());
        for (JsonNode c : summary.get("distinct_causes")) {
            assertTrue(doc.get("signatures").has(c.get("signature").asText()), "every cause's signature is in the table");
        }
    }
}
