package dev.crashtriage.signature;

import dev.crashtriage.input.LogReader;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.Extraction;
import dev.crashtriage.kernel.IncidentExtractor;
import dev.crashtriage.kernel.KernelFacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds signatures from a match block and runs them over records, as the Pipeline does for one stream. */
final class EngineFixture {
    private EngineFixture() {
    }

    /**
     * A complete legacy signature (scope host unless the match says otherwise) around the given match (and
     * optional confidence) YAML.
     */
    static Signature sig(String name, String match, String confidence) {
        return load(name, null, match.contains("scope:") ? match : "scope: host\n" + match, confidence, "");
    }

    /** A complete incident-bound signature explaining the given kinds, with optional extra top-level YAML. */
    static Signature bound(String name, String explains, String match, String confidence, String extra) {
        return load(name, explains, match, confidence, extra);
    }

    private static Signature load(String name, String explains, String match, String confidence, String extra) {
        String yaml = "id: " + name + "\ntitle: test " + name + "\nseverity: high\narea: test\ndescription: test\n"
                + (explains == null ? "" : "explains: " + explains + "\n")
                + "match:\n" + indent(match) + (confidence == null ? "confidence: {base: 0.5}\n" : confidence)
                + "remediation: {steps: [none]}\nreferences: [none]\n" + extra;
        SignatureLoader.Result r = SignatureLoader.load(name + ".yml", null, yaml);
        if (!r.ok()) {
            throw new AssertionError(r.errors().toString() + "\n" + yaml);
        }
        return r.signature();
    }

    static Signature sig(String name, String match) {
        return sig(name, match, null);
    }

    private static String indent(String s) {
        StringBuilder b = new StringBuilder();
        for (String line : s.split("\n")) {
            b.append("  ").append(line).append('\n');
        }
        return b.toString();
    }

    static List<LogRecord> read(String resource) {
        List<LogRecord> out = new ArrayList<>();
        try (InputStream in = EngineFixture.class.getResourceAsStream("/engine/" + resource)) {
            new LogReader().read(in, resource, null, out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Runs through the real incident extractor too. */
    static List<Finding> run(List<Signature> sigs, List<LogRecord> records) {
        SignatureEngine.Evaluation ev = new SignatureEngine(SignatureCatalog.of(sigs)).start();
        // as the Pipeline does: the engine hears each incident as the extractor closes it
        IncidentExtractor x = new IncidentExtractor(dev.crashtriage.kernel.Detectors.standard(), new IncidentExtractor.Listener() {
            @Override
            public void incidentClosed(dev.crashtriage.kernel.Incident incident) {
                ev.incidentHeard(incident);
            }
        });
        for (LogRecord r : records) {
            x.accept(r);
            ev.accept(r);
        }
        return ev.finish(x.finish());
    }

    /** Runs with a hand-built extraction (incidents with frames and facts the placeholder detector cannot make). */
    static List<Finding> run(List<Signature> sigs, List<LogRecord> records, Extraction extraction) {
        SignatureEngine.Evaluation ev = new SignatureEngine(SignatureCatalog.of(sigs)).start();
        records.forEach(ev::accept);
        return ev.finish(extraction);
    }

    static Extraction noIncidents() {
        return new Extraction(KernelFacts.empty(), List.of(), Map.of());
    }
}
