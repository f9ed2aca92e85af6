package dev.crashtriage.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.crashtriage.input.InputProblem;
import dev.crashtriage.kernel.BootSession;
import dev.crashtriage.kernel.Fingerprint;
import dev.crashtriage.kernel.Frame;
import dev.crashtriage.kernel.Headline;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.kernel.KernelFacts;
import dev.crashtriage.signature.Evidence;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.signature.Signature;
import dev.crashtriage.triage.Baseline;
import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.RunSummary;
import dev.crashtriage.triage.RunSummaryBuilder;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON report: one document, snake_case keys, schema_version 1 (a contract other tools read). */
public final class JsonRenderer extends DeclaredRenderer {
    public static final int SCHEMA_VERSION = 1;

    private static final CharacterEscapes DEL_ESCAPES = new DelEscapes();

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    public JsonRenderer() {
        super("json", "json", false);
    }

    @Override
    public ReportWriter open(RenderOptions options, Writer out) throws IOException {
        return new JsonReportWriter(options, out);
    }

    /** A generator that writes printable ASCII only (every other character escaped, DEL too). */
    static JsonGenerator generator(Writer out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.setCharacterEscapes(DEL_ESCAPES);
        return g;
    }

    /** One JSON document written a result at a time; {@link #end} closes it whatever happened before. */
    private static final class JsonReportWriter implements ReportWriter {
        private final JsonGenerator g;
        private final Writer out;
        private final RenderOptions options;
        private final ReportTally tally = new ReportTally();
        private final RunSummaryBuilder summary = new RunSummaryBuilder();
        /** Signatures whose remediation is already written once; later causes refer to the signatures table. */
        private final Map<String, Cause> signaturesSeen = new LinkedHashMap<>();

        JsonReportWriter(RenderOptions options, Writer out) throws IOException {
            this.out = out;
            this.options = options;
            this.g = generator(out);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("schema_version", SCHEMA_VERSION);
            g.writeObjectFieldStart("tool");
            g.writeStringField("name", "crashtriage");
            g.writeStringField("version", options.toolVersion());
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            g.flush();
        }

        @Override
        public void result(HostResult r) throws IOException {
            tally.add(r);
            summary.add(r);
            if (options.summaryOnly()) {
                return;
            }
            writeResult(g, r, signaturesSeen, options.baseline());
            g.flush();
        }

        @Override
        public void end(List<InputProblem> problems, boolean interrupted) throws IOException {
            g.writeEndArray();
            g.writeBooleanField("interrupted", interrupted);
            g.writeArrayFieldStart("errors");
            for (InputProblem p : problems) {
                g.writeStartObject();
                g.writeStringField("source", p.source());
                g.writeStringField("message", p.message());
                g.writeBooleanField("fatal", p.fatal());
                g.writeStringField("kind", p.kind().id());
                g.writeEndObject();
                summary.problem(p);
            }
            g.writeEndArray();
            summary.skipped(options.skipped());
            RunSummary run = summary.build(options.baseline()::knowsCrash, options.baseline()::knowsSignature);
            g.writeObjectFieldStart("summary");
            g.writeNumberField("results", tally.results);
            g.writeNumberField("incidents", tally.incidents);
            g.writeNumberField("causes", tally.causes);
            g.writeNumberField("input_errors", problems.size());
            writeRunSummary(g, run);
            g.writeEndObject();
            writeSignatures(g, signaturesSeen.values(), options);
            g.writeEndObject();
            g.flush();
            out.write('\n');
            out.flush();
        }
    }

    /** JSON allows a raw DEL; a terminal showing the report should not get one from a hostile log. */
    private static final class DelEscapes extends CharacterEscapes {
        private static final int[] ESCAPES = standardAsciiEscapesForJSON();

        static {
            ESCAPES[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ESCAPES;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }

    /** The cross-input part of the summary (additive to schema 1: results, incidents, causes, input_errors). */
    static void writeRunSummary(JsonGenerator g, RunSummary run) throws IOException {
        g.writeNumberField("inputs", run.inputs());
        g.writeNumberField("inputs_with_incidents", run.inputsWithIncidents());
        g.writeNumberField("inputs_with_causes", run.inputsWithCauses());
        g.writeNumberField("inputs_failed", run.inputErrors());
        g.writeNumberField("skipped", run.skipped());
        g.writeArrayFieldStart("distinct_crashes");
        for (RunSummary.Crash c : run.crashes()) {
            g.writeStartObject();
            g.writeStringField("title", c.title());
            g.writeStringField("kind", c.kind());
            writeStrings(g, "titles", c.titles());
            writeStrings(g, "fingerprints", c.fingerprints());
            g.writeNumberField("count", c.count());
            g.writeNumberField("input_count", c.inputCount());
            writeStrings(g, "inputs", c.inputs());
            g.writeBooleanField("corrupted", c.corrupted());
            g.writeBooleanField("known", c.known());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("distinct_causes");
        for (RunSummary.CauseCount c : run.causes()) {
            g.writeStartObject();
            g.writeStringField("signature", c.signature());
            g.writeStringField("title", c.title());
            g.writeStringField("severity", ReportFacts.severity(c.severity()));
            g.writeNumberField("count", c.count());
            g.writeNumberField("input_count", c.inputCount());
            writeStrings(g, "inputs", c.inputs());
            g.writeBooleanField("known", c.known());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * The signatures the report's causes came from, once each, with their remediation: a cause after the
     * first of its signature carries {@code "remediation": {"steps": [], "confirm": [], "in_signatures": true}}.
     */
    static void writeSignatures(JsonGenerator g, Iterable<Cause> firstCauses, RenderOptions options) throws IOException {
        Map<String, Signature> catalog = new LinkedHashMap<>();
        for (Signature s : options.signatures()) {
            catalog.put(s.id(), s);
        }
        g.writeObjectFieldStart("signatures");
        for (Cause c : firstCauses) {
            Signature s = catalog.get(c.signature());
            g.writeObjectFieldStart(c.signature());
            g.writeStringField("title", s != null ? s.title() : c.title());
            g.writeStringField("severity", ReportFacts.severity(s != null ? s.severity() : c.severity()));
            g.writeStringField("area", s != null ? s.area() : null);
            g.writeBooleanField("built_in", s != null && !s.user());
            g.writeObjectFieldStart("remediation");
            writeStrings(g, "steps", c.remediation().steps());
            writeStrings(g, "confirm", c.remediation().confirm());
            g.writeEndObject();
            writeStrings(g, "references", c.references());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    static void writeResult(JsonGenerator g, HostResult r, Map<String, Cause> signaturesSeen, Baseline baseline)
            throws IOException {
        g.writeStartObject();
        writeResultFields(g, r, signaturesSeen, baseline);
        g.writeEndObject();
    }

    /** A result's fields, without the braces (JSON Lines puts a "type" before them). */
    static void writeResultFields(JsonGenerator g, HostResult r, Map<String, Cause> signaturesSeen, Baseline baseline)
            throws IOException {
        g.writeStringField("source", r.source());
        g.writeStringField("host", r.host());
        g.writeStringField("format", r.format() == null ? null : r.format().id());
        g.writeNumberField("lines", r.lines());
        writeKernel(g, r.kernel());
        g.writeArrayFieldStart("incidents");
        Map<String, String> causedBy = new java.util.LinkedHashMap<>();
        for (Cause c : r.causes()) {
            c.causedBy().forEach(causedBy::putIfAbsent);
        }
        Map<String, List<String>> explains = new java.util.HashMap<>();
        for (Incident i : r.incidents()) {
            String earlier = causedBy.get(i.id());
            if (earlier != null) {
                explains.computeIfAbsent(earlier, k -> new java.util.ArrayList<>()).add(i.id());
            }
        }
        Incident primary = Headline.primary(r.incidents());
        for (Incident i : r.incidents()) {
            writeIncident(g, i, i == primary, baseline, causedBy.get(i.id()), explains.getOrDefault(i.id(), List.of()));
        }
        g.writeEndArray();
        g.writeArrayFieldStart("causes");
        for (Cause c : r.causes()) {
            boolean first = signaturesSeen == null || signaturesSeen.putIfAbsent(c.signature(), c) == null;
            writeCause(g, c, r.incidents(), first, baseline.isEmpty() ? null : baseline.knowsCause(c, r));
        }
        g.writeEndArray();
        writeMap(g, "context", r.context());
    }

    private static void writeKernel(JsonGenerator g, KernelFacts k) throws IOException {
        g.writeObjectFieldStart("kernel");
        g.writeStringField("version", k.version());
        g.writeStringField("arch", k.arch());
        g.writeStringField("build", k.build());
        g.writeStringField("hardware", k.hardware());
        g.writeStringField("taint", k.taint());
        writeStrings(g, "taint_flags", k.taintFlags());
        writeStrings(g, "modules", k.modules());
        g.writeArrayFieldStart("boots");
        for (BootSession b : k.boots()) {
            g.writeStartObject();
            g.writeNumberField("index", b.index());
            g.writeNumberField("line", b.line());
            g.writeNumberField("end_line", b.endLine());
            g.writeStringField("start_time", b.startTime());
            g.writeStringField("end_time", b.endTime());
            g.writeStringField("version", b.version());
            g.writeBooleanField("unclean", b.unclean());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * One incident; {@code primary}: the report's headline (the crash over episodes around it); {@code caused_by} /
     * {@code explains}: its links in the causal chains of the causes.
     */
    private static void writeIncident(JsonGenerator g, Incident i, boolean primary, Baseline baseline, String causedBy,
                                      List<String> explains) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", i.id());
        g.writeStringField("kind", i.kind().id());
        // The report's headline: the crash, over the storage or filesystem episode printed around it.
        g.writeBooleanField("primary", primary);
        g.writeStringField("title", i.title());
        g.writeStringField("caused_by", causedBy);
        writeStrings(g, "explains", explains);
        g.writeStringField("source", i.source());
        g.writeNumberField("line", i.line());
        g.writeNumberField("end_line", i.endLine());
        if (i.time() == null) {
            g.writeNullField("time");
        } else {
            g.writeNumberField("time", i.time());
        }
        g.writeStringField("wall_time", i.wallTime());
        writeInteger(g, "cpu", i.cpu());
        writeInteger(g, "pid", i.pid());
        g.writeStringField("comm", i.comm());
        g.writeStringField("taint", i.taint());
        writeStrings(g, "modules", i.modules());
        g.writeArrayFieldStart("frames");
        for (Frame f : i.frames()) {
            g.writeStartObject();
            g.writeStringField("function", f.function());
            g.writeStringField("module", f.module());
            g.writeBooleanField("reliable", f.reliable());
            if (f.offset() != null) {
                g.writeStringField("offset", f.offset());
            }
            if (f.size() != null) {
                g.writeStringField("size", f.size());
            }
            if (f.section() != null) {
                g.writeStringField("section", f.section());
            }
            if (f.file() != null) {
                g.writeStringField("file", f.file());
            }
            if (f.inline()) {
                g.writeBooleanField("inline", true);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("guilty_frame", i.guiltyFrame());
        g.writeBooleanField("corrupted", i.corrupted());
        g.writeStringField("corrupted_reason", i.corruptedReason());
        g.writeStringField("fingerprint", i.fingerprint());
        if (i.fingerprint() != null) {
            // Which title and guilty-frame rules made the fingerprint: a store knows when titles changed.
            g.writeNumberField("fingerprint_version", Fingerprint.VERSION);
        }
        g.writeNumberField("boot", i.boot());
        if (!baseline.isEmpty()) {
            g.writeBooleanField("known", baseline.knowsCrash(i.fingerprint()));
        }
        g.writeObjectFieldStart("facts");
        for (Map.Entry<String, Object> e : i.facts().entrySet()) {
            g.writeFieldName(e.getKey());
            writeValue(g, e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeCause(JsonGenerator g, Cause c, List<Incident> incidents, boolean remediationInline, Boolean known)
            throws IOException {
        g.writeStartObject();
        g.writeNumberField("rank", c.rank());
        g.writeStringField("signature", c.signature());
        g.writeStringField("title", c.title());
        g.writeStringField("severity", c.severity().id());
        g.writeNumberField("confidence", Math.round(c.confidence() * 100) / 100.0);
        g.writeStringField("description", c.description());
        g.writeArrayFieldStart("evidence");
        for (Evidence e : c.evidence()) {
            g.writeStartObject();
            g.writeStringField("source", e.source());
            g.writeNumberField("line", e.line());
            g.writeStringField("text", e.text());
            g.writeEndObject();
        }
        g.writeEndArray();
        writeStrings(g, "incidents", c.incidents());
        g.writeArrayFieldStart("chain");
        for (List<String> level : c.chain()) {
            writeStringArray(g, level);
        }
        g.writeEndArray();
        if (!c.chain().isEmpty()) {
            g.writeStringField("chain_text", ChainText.of(c.chain(), incidents));
        }
        g.writeObjectFieldStart("remediation");
        writeStrings(g, "steps", remediationInline ? c.remediation().steps() : List.of());
        writeStrings(g, "confirm", remediationInline ? c.remediation().confirm() : List.of());
        if (!remediationInline) {
            g.writeBooleanField("in_signatures", true);
        }
        g.writeEndObject();
        writeStrings(g, "references", c.references());
        writeStrings(g, "would_raise", c.wouldRaise());
        writeStrings(g, "would_lower", c.wouldLower());
        writeStrings(g, "lowered_by", c.loweredBy());
        writeStrings(g, "confused_with", c.confusedWith());
        if (known != null) {
            g.writeBooleanField("known", known);
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Integer || v instanceof Long) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeString(v.toString());
        }
    }

    private static void writeInteger(JsonGenerator g, String name, Integer v) throws IOException {
        if (v == null) {
            g.writeNullField(name);
        } else {
            g.writeNumberField(name, v);
        }
    }

    static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    private static void writeStringArray(JsonGenerator g, List<String> values) throws IOException {
        g.writeStartArray();
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    private static void writeMap(JsonGenerator g, String name, Map<String, Integer> map) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Integer> e : map.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
