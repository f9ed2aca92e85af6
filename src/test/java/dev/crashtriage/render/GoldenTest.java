package dev.crashtriage.render;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.input.InputTarget;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import dev.crashtriage.triage.AnalysisOptions;
import dev.crashtriage.triage.AnalysisReport;
import dev.crashtriage.triage.Pipeline;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Golden files for the output formats: one over a hand-built report (pins the format itself,
 * whatever the detectors do) and one over the real pipeline on a real log (pins what users see;
 * regenerate it with -Dgolden.update=true when detectors or signatures improve).
 */
class GoldenTest {
    private static final RenderOptions OPTIONS = new RenderOptions(false, "test", false);

    private static String render(Renderer renderer, AnalysisReport report) throws IOException {
        StringWriter w = new StringWriter();
        renderer.render(report, OPTIONS, w);
        return w.toString();
    }

    @Test
    void jsonOfAHandBuiltReport() throws IOException {
        Golden.assertMatches("hand-built.json", render(new JsonRenderer(), SampleReports.xfsStackOverflow()));
    }

    @Test
    void textOfAHandBuiltReport() throws IOException {
        Golden.assertMatches("hand-built.txt", render(new TextRenderer(), SampleReports.xfsStackOverflow()));
    }

    @Test
    void jsonOfTheRealPipelineOnARealLog() throws IOException {
        Golden.assertMatches("pipeline-A-2.json", render(new JsonRenderer(), pipeline("logs/A-2.log")));
    }

    @Test
    void textOfTheRealPipelineOnARealLog() throws IOException {
        Golden.assertMatches("pipeline-A-2.txt", render(new TextRenderer(), pipeline("logs/A-2.log")));
    }

    /** Runs input, kernel, signature and triage layers on a test resource, named relative to the resources. */
    static AnalysisReport pipeline(String resource) {
        List<InputProblem> problems = new ArrayList<>();
        // a name relative to the resources keeps the golden file free of machine paths
        InputTarget target = new InputTarget(resource, () -> open(resource));
        Pipeline pipeline = new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()), AnalysisOptions.defaults());
        return pipeline.analyze(List.of(target), problems);
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = GoldenTest.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("missing test resource " + resource);
        }
        return in;
    }

}
