package dev.crashtriage.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.crashtriage.triage.AnalysisReport;
import dev.crashtriage.triage.Baseline;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real output validated against the schemas its readers use: SARIF against the OASIS SARIF 2.1.0
 * schema, JUnit XML against the Apache Ant JUnit schema (what Jenkins and GitLab read), and the JSON
 * report against its own published schema, docs/schema/report.schema.json, which is closed: a field
 * added to the report without being documented there fails here.
 */
class SchemaValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AnalysisReport REPORT = RegistryReports.pipeline();

    private static Schema jsonSchema(InputStream in, SpecificationVersion version) {
        return SchemaRegistry.withDefaultDialect(version).getSchema(in);
    }

    private static void assertValid(Schema schema, String document, String what) throws IOException {
        JsonNode node = JSON.readTree(document);
        List<Error> errors = schema.validate(node);
        assertTrue(errors.isEmpty(), () -> what + " is not valid: " + errors.subList(0, Math.min(10, errors.size())));
    }

    private static Schema sarifSchema() {
        return jsonSchema(SchemaValidationTest.class.getResourceAsStream("/schemas/sarif-2.1.0-rtm.5.json"),
                SpecificationVersion.DRAFT_4);
    }

    private static Schema reportSchema() throws IOException {
        return jsonSchema(Files.newInputStream(Path.of("docs/schema/report.schema.json")), SpecificationVersion.DRAFT_7);
    }

    @Test
    void sarifOfARealRunIsValidSarif210() throws IOException {
        String sarif = RegistryReports.render(new SarifRenderer(), REPORT, RegistryReports.options(REPORT));
        assertValid(sarifSchema(), sarif, "SARIF");
        JsonNode run = JSON.readTree(sarif).get("runs").get(0);
        assertTrue(run.get("results").size() >= 3, "one result per cause");
        JsonNode first = run.get("results").get(0);
        assertEquals(first.get("ruleId").asText(),
                run.get("tool").get("driver").get("rules").get(first.get("ruleIndex").asInt()).get("id").asText());
        assertTrue(first.get("partialFingerprints").has(SarifRenderer.FINGERPRINT_KEY));
        assertTrue(first.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt() >= 1);
        assertEquals(false, run.get("invocations").get(0).get("executionSuccessful").asBoolean(),
                "two inputs failed");
    }

    @Test
    void sarifOfHostileTextIsStillValid() throws IOException {
        String sarif = RegistryReports.render(new SarifRenderer(), OutputSafetyTest.hostileReport(),
                new RenderOptions(false, "test", true));
        assertValid(sarifSchema(), sarif, "SARIF of hostile text");
    }

    @Test
    void jsonReportsMatchTheirPublishedSchema() throws IOException {
        Schema schema = reportSchema();
        RenderOptions options = RegistryReports.options(REPORT);
        assertValid(schema, RegistryReports.render(new JsonRenderer(), REPORT, options), "JSON of a real run");
        assertValid(schema, RegistryReports.render(new JsonRenderer(), SampleReports.xfsStackOverflow(), options),
                "JSON of the hand-built report");
        RenderOptions summaryOnly = new RenderOptions(false, "test", false, options.signatures(), Baseline.empty(), 0,
                RenderOptions.EPOCH, true);
        assertValid(schema, RegistryReports.render(new JsonRenderer(), REPORT, summaryOnly), "JSON --summary-only");
        assertValid(schema, RegistryReports.render(new JsonRenderer(), OutputSafetyTest.hostileReport(), options),
                "JSON of hostile text");
    }

    @Test
    void theReportSchemaRejectsAnUndocumentedFieldAndTheSarifSchemaABadLevel() throws IOException {
        String json = RegistryReports.render(new JsonRenderer(), REPORT, RegistryReports.options(REPORT));
        JsonNode doc = JSON.readTree(json);
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("results").get(0).get("causes").get(0))
                .put("undocumented", 1);
        assertTrue(!reportSchema().validate(doc).isEmpty(), "a closed schema catches a new field");
        JsonNode sarif = JSON.readTree(RegistryReports.render(new SarifRenderer(), REPORT, RegistryReports.options(REPORT)));
        ((com.fasterxml.jackson.databind.node.ObjectNode) sarif.get("runs").get(0).get("results").get(0))
                .put("level", "fatal");
        assertTrue(!sarifSchema().validate(sarif).isEmpty(), "the SARIF schema is really applied");
    }

    @Test
    void aJsonReportWithABaselineMatchesTheSchemaAndMarksWhatIsKnown() throws Exception {
        StringWriterBaseline b = StringWriterBaseline.of(REPORT);
        RenderOptions options = new RenderOptions(false, "test", false, RegistryReports.signaturesOf(REPORT), b.baseline(),
                0, RenderOptions.EPOCH, false);
        String json = RegistryReports.render(new JsonRenderer(), REPORT, options);
        assertValid(reportSchema(), json, "JSON with a baseline");
        JsonNode cause = JSON.readTree(json).get("results").get(0).get("causes").get(0);
        assertTrue(cause.get("known").asBoolean(), json);
    }

    @Test
    void junitOfARealRunIsValidAgainstTheAntJunitSchema() throws Exception {
        validateJunit(RegistryReports.render(new JunitRenderer(), REPORT, RegistryReports.options(REPORT)));
    }

    @Test
    void junitOfHostileTextIsStillValid() throws Exception {
        validateJunit(RegistryReports.render(new JunitRenderer(), OutputSafetyTest.hostileReport(),
                new RenderOptions(false, "test", true)));
    }

    private static void validateJunit(String xml) throws SAXException, IOException {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        javax.xml.validation.Schema xsd = f.newSchema(new StreamSource(
                SchemaValidationTest.class.getResourceAsStream("/schemas/JUnit.xsd")));
        Validator v = xsd.newValidator();
        v.validate(new StreamSource(new StringReader(xml)));
    }

    @Test
    void gitlabCodeQualityHasWhatGitlabReads() throws IOException {
        JsonNode issues = JSON.readTree(RegistryReports.render(new GitlabRenderer(), REPORT,
                RegistryReports.options(REPORT)));
        assertTrue(issues.isArray() && issues.size() >= 3);
        for (JsonNode i : issues) {
            for (String key : List.of("description", "check_name", "fingerprint", "severity")) {
                assertTrue(i.get(key).isTextual(), key + " in " + i);
            }
            assertTrue(List.of("info", "minor", "major", "critical", "blocker").contains(i.get("severity").asText()));
            assertTrue(i.get("location").get("path").isTextual());
            assertTrue(i.get("location").get("lines").get("begin").asInt() >= 1);
        }
    }
}
