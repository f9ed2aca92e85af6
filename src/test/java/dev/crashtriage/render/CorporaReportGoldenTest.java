package dev.crashtriage.render;

import dev.crashtriage.input.InputTarget;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import dev.crashtriage.triage.AnalysisOptions;
import dev.crashtriage.triage.AnalysisReport;
import dev.crashtriage.triage.Pipeline;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole JSON report on the test corpora, pinned byte for byte: each log alone, and every crash report of the
 * corpora back to back in one input (a crash-dense log: thousands of frames, titles, fingerprints, incident-bound
 * signatures judged against neighbours, ranking). Speed work on incident assembly, frames, titles, signature
 * evaluation, ranking and JSON rendering must leave these reports exactly as they were; when detectors or
 * signatures improve on purpose, regenerate with {@code -Dgolden.update=true} and review the diff.
 */
class CorporaReportGoldenTest {
    private static final Path RESOURCES = Path.of("src/test/resources");
    private static final Pipeline PIPELINE = new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()),
            AnalysisOptions.defaults());

    private static List<Path> corpus() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("realworld", "logs", "logs/syzkaller", "syzkaller", "kernel-events", "kernel-reports")) {
            try (Stream<Path> s = Files.list(RESOURCES.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".txt")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    private static String json(InputTarget target) throws IOException {
        AnalysisReport report = PIPELINE.analyze(List.of(target), new ArrayList<>());
        StringWriter w = new StringWriter();
        new JsonRenderer().render(report, new RenderOptions(false, "test", false), w);
        return w.toString();
    }

    @Test
    void eachLogOfTheCorpora() throws IOException {
        StringBuilder all = new StringBuilder();
        List<Path> logs = corpus();
        for (Path log : logs) {
            // names relative to the resources keep the golden file free of machine paths
            String name = RESOURCES.relativize(log).toString();
            all.append("== ").append(name).append('\n').append(json(new InputTarget(name, () -> Files.newInputStream(log))));
        }
        assertTrue(logs.size() > 150, "the corpora are there: " + logs.size());
        Golden.assertMatches("corpora-each.json", all.toString());
    }

    @Test
    void theCorporaBackToBackAsOneDenseLog() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        // twice over: the same crashes again later in the stream (repeated fingerprints, earlier incidents as
        // neighbours and precedents of later ones)
        for (int round = 0; round < 2; round++) {
            for (Path p : corpus()) {
                all.write(Files.readAllBytes(p));
                all.write('\n');
            }
        }
        byte[] bytes = all.toByteArray();
        String report = json(new InputTarget("corpora-dense.log", () -> new ByteArrayInputStream(bytes)));
        assertTrue(report.length() > 100_000, "many incidents");
        Golden.assertMatches("corpora-dense.json", report);
    }
}
