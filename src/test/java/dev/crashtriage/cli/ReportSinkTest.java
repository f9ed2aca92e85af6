package dev.crashtriage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crashtriage.input.InputProblem;
import dev.crashtriage.input.LogFormat;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.IncidentBuilder;
import dev.crashtriage.kernel.IncidentKind;
import dev.crashtriage.kernel.KernelFacts;
import dev.crashtriage.render.JsonRenderer;
import dev.crashtriage.render.RenderOptions;
import dev.crashtriage.render.TextRenderer;
import dev.crashtriage.triage.HostResult;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a report looks like when the run is cut short: by Ctrl-C, or by its reader going away. */
class ReportSinkTest {
    private static final RenderOptions OPTIONS = new RenderOptions(false, "test", false);

    private static HostResult result(String source) {
        var oops = new IncidentBuilder(IncidentKind.OOPS, LogRecord.plain(source, 5, "Oops: 0000 [#1]"))
                .build("I1", "0", 0);
        return new HostResult(source, null, LogFormat.PLAIN, 49, KernelFacts.empty(), List.of(oops), List.of(),
                Map.of(), List.of());
    }

    @Test
    void anInterruptedJsonReportIsAValidDocumentWithWhatWasAnalysed() throws Exception {
        StringWriter file = new StringWriter();
        PrintWriter out = new PrintWriter(file);
        ReportSink sink = new ReportSink(new JsonRenderer().open(OPTIONS, out), out, FailOn.INCIDENT);
        sink.problems(List.of(new InputProblem("gone.log", "no such file or directory", true)));
        assertTrue(sink.result(result("first.log")));
        sink.interrupt();
        assertFalse(sink.result(result("second.log")), "nothing is written after the report ended");
        sink.finish();

        JsonNode doc = new ObjectMapper().readTree(file.toString());
        assertTrue(doc.get("interrupted").asBoolean());
        assertEquals(1, doc.get("results").size());
        assertEquals("first.log", doc.get("results").get(0).get("source").asText());
        assertEquals(1, doc.get("summary").get("incidents").asInt());
        assertEquals("gone.log", doc.get("errors").get(0).get("source").asText());
        assertTrue(sink.interrupted());
    }

    @Test
    void aCompleteJsonReportSaysItWasNotInterrupted() throws Exception {
        StringWriter file = new StringWriter();
        PrintWriter out = new PrintWriter(file);
        ReportSink sink = new ReportSink(new JsonRenderer().open(OPTIONS, out), out, FailOn.INCIDENT);
        sink.result(result("a.log"));
        sink.finish();
        sink.interrupt();
        JsonNode doc = new ObjectMapper().readTree(file.toString());
        assertFalse(doc.get("interrupted").asBoolean());
        assertFalse(sink.interrupted(), "Ctrl-C after the end changes nothing");
        assertTrue(sink.failed());
    }

    @Test
    void anInterruptedTextReportSaysItIsPartial() {
        StringWriter file = new StringWriter();
        PrintWriter out = new PrintWriter(file);
        ReportSink sink = new ReportSink(new TextRenderer().open(OPTIONS, out), out, FailOn.INCIDENT);
        sink.result(result("first.log"));
        sink.interrupt();
        assertTrue(file.toString().contains("== first.log"));
        assertTrue(file.toString().contains("interrupted: the report is partial"), file::toString);
    }

    @Test
    void aClosedOutputStopsTheWorkQuietly() {
        Writer broken = new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }

            @Override
            public void flush() throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }

            @Override
            public void close() {
            }
        };
        PrintWriter out = new PrintWriter(broken);
        ReportSink sink = new ReportSink(new TextRenderer().open(OPTIONS, out), out, FailOn.INCIDENT);
        assertFalse(sink.result(result("a.log")), "the caller is told to stop");
        assertTrue(sink.outputClosed());
        sink.finish();
        assertTrue(sink.failed(), "the exit code still reflects what was found");
    }
}
