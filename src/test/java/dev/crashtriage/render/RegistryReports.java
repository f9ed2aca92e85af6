package dev.crashtriage.render;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.input.InputTarget;
import dev.crashtriage.signature.Signature;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import dev.crashtriage.triage.AnalysisOptions;
import dev.crashtriage.triage.AnalysisReport;
import dev.crashtriage.triage.Baseline;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.Pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reports every renderer in the registry is tested on: the real pipeline over three real logs
 * (XFS-on-LVM oops, tg3 transmit timeouts, a soft lockup: see logs/README.md) plus an input that is
 * missing and one that is empty, so every format shows results, a summary and input problems.
 */
final class RegistryReports {
    static final List<String> LOGS = List.of("logs/A-2.log", "logs/B-4.log", "logs/G-3.log");

    private RegistryReports() {
    }

    static AnalysisReport pipeline() {
        List<InputTarget> targets = new ArrayList<>();
        for (String r : LOGS) {
            targets.add(new InputTarget(r, () -> open(r)));
        }
        targets.add(new InputTarget("consoles/empty.log", InputStream::nullInputStream));
        Pipeline pipeline = new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()), AnalysisOptions.defaults());
        return pipeline.analyze(targets, List.of(new InputProblem("consoles/gone.log", "no such file or directory", true)));
    }

    /** The signatures whose causes the report holds: rules and test cases without the whole catalogue. */
    static List<Signature> signaturesOf(AnalysisReport report) {
        Set<String> ids = new TreeSet<>();
        for (HostResult r : report.results()) {
            for (Cause c : r.causes()) {
                ids.add(c.signature());
            }
        }
        List<Signature> out = new ArrayList<>();
        for (Signature s : SignatureCatalog.builtIn().signatures()) {
            if (ids.contains(s.id())) {
                out.add(s);
            }
        }
        return out;
    }

    static RenderOptions options(AnalysisReport report) {
        return new RenderOptions(false, "test", false, signaturesOf(report), Baseline.empty(), 1, RenderOptions.EPOCH,
                false);
    }

    static String render(Renderer renderer, AnalysisReport report, RenderOptions options) throws IOException {
        StringWriter w = new StringWriter();
        renderer.render(report, options, w);
        return w.toString();
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = RegistryReports.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("missing test resource " + resource);
        }
        return in;
    }
}
