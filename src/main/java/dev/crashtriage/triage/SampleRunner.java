package dev.crashtriage.triage;

import dev.crashtriage.input.InputTarget;
import dev.crashtriage.signature.Evidence;
import dev.crashtriage.signature.Signature;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Runs a signature's samples (docs/signature-format.md, "Samples"): each positive sample must
 * yield the signature's cause citing every line marked {@code <<< evidence}; each negative sample
 * must not yield it. The signature runs alone, so other signatures cannot mask or help it.
 */
public final class SampleRunner {
    public static final String EVIDENCE_MARKER = "<<< evidence";
    public static final int MIN_SAMPLES_EACH = 2;

    /**
     * The outcome of one sample.
     *
     * @param sample   file name of the sample ("positive-1.log"), or "(samples)" for a missing-samples failure
     * @param positive whether it must match
     * @param passed   whether it behaved as required
     * @param detail   why it failed, or a short note
     * @param unmarked lines the finding cites that the sample does not mark (positive samples)
     */
    public record Result(String signatureId, String sample, boolean positive, boolean passed, String detail,
                         Set<Long> unmarked) {
        public Result(String signatureId, String sample, boolean positive, boolean passed, String detail) {
            this(signatureId, sample, positive, passed, detail, Set.of());
        }
    }

    /** A sample with its metadata and markers taken out. */
    record Prepared(String text, Set<Long> evidenceLines) {
    }

    public List<Path> samples(Signature s) throws IOException {
        if (s.path() == null) {
            return List.of();
        }
        Path dir = s.path().resolveSibling(s.id());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return (n.startsWith("positive-") || n.startsWith("negative-")) && n.endsWith(".log");
            }).sorted().toList();
        }
    }

    public List<Result> run(Signature s) {
        List<Result> out = new ArrayList<>();
        List<Path> samples;
        try {
            samples = samples(s);
        } catch (IOException e) {
            out.add(new Result(s.id(), "(samples)", true, false, "cannot list samples: " + e.getMessage()));
            return out;
        }
        long pos = samples.stream().filter(p -> p.getFileName().toString().startsWith("positive-")).count();
        long neg = samples.size() - pos;
        if (pos < MIN_SAMPLES_EACH || neg < MIN_SAMPLES_EACH) {
            out.add(new Result(s.id(), "(samples)", true, false, "needs at least " + MIN_SAMPLES_EACH
                    + " positive and " + MIN_SAMPLES_EACH + " negative samples in " + s.id() + "/, found "
                    + pos + " and " + neg));
        }
        for (Path p : samples) {
            out.add(runOne(s, p));
        }
        return out;
    }

    public Result runOne(Signature s, Path sample) {
        String name = sample.getFileName().toString();
        boolean positive = name.startsWith("positive-");
        Prepared prepared;
        try {
            prepared = prepare(Files.readString(sample, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return new Result(s.id(), name, positive, false, "cannot read: " + e.getMessage());
        }
        List<Cause> causes = causesOf(s, name, prepared.text());
        List<Cause> own = causes.stream().filter(c -> c.signature().equals(s.id())).toList();
        if (!positive) {
            if (own.isEmpty()) {
                return new Result(s.id(), name, false, true, "no match, as required");
            }
            return new Result(s.id(), name, false, false, "matched, but a negative sample must not (evidence lines "
                    + lines(own) + ")");
        }
        if (own.isEmpty()) {
            return new Result(s.id(), name, true, false, "did not match");
        }
        Set<Long> cited = lines(own);
        Set<Long> missing = new TreeSet<>(prepared.evidenceLines());
        missing.removeAll(cited);
        Set<Long> unmarked = new TreeSet<>(cited);
        unmarked.removeAll(prepared.evidenceLines());
        if (!missing.isEmpty()) {
            return new Result(s.id(), name, true, false, "matched but did not cite marked line(s) " + missing
                    + " (cited " + cited + ")", unmarked);
        }
        if (!unmarked.isEmpty()) {
            // the evidence a cause prints is exactly what made it match: the sample says which lines that is
            return new Result(s.id(), name, true, false, "matched but cited line(s) " + unmarked
                    + " that the sample does not mark with '" + EVIDENCE_MARKER + "' (cited " + cited + ")", unmarked);
        }
        return new Result(s.id(), name, true, true, "matched, cited " + cited);
    }

    private static Set<Long> lines(List<Cause> causes) {
        Set<Long> out = new TreeSet<>();
        for (Cause c : causes) {
            for (Evidence e : c.evidence()) {
                out.add(e.line());
            }
        }
        return out;
    }

    private static List<Cause> causesOf(Signature s, String name, String text) {
        SignatureEngine engine = new SignatureEngine(SignatureCatalog.of(List.of(s)));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<Cause> causes = new ArrayList<>();
        new Pipeline(engine, AnalysisOptions.defaults()).run(new InputTarget(name, () -> new ByteArrayInputStream(bytes)),
                new PipelineSink() {
                    @Override
                    public void hostFinished(HostResult result) {
                        causes.addAll(result.causes());
                    }
                });
        return causes;
    }

    /** Drops "#: " metadata lines and evidence markers; numbers evidence lines as the cleaned text has them. */
    static Prepared prepare(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        Set<Long> evidence = new TreeSet<>();
        long n = 0;
        for (String line : raw.split("\r?\n", -1)) {
            if (line.startsWith("#: ") || line.equals("#:")) {
                continue;
            }
            String kept = line;
            String trimmed = line.stripTrailing();
            if (trimmed.endsWith(EVIDENCE_MARKER)) {
                kept = trimmed.substring(0, trimmed.length() - EVIDENCE_MARKER.length()).stripTrailing();
                evidence.add(n + 1);
            }
            n++;
            out.append(kept).append('\n');
        }
        // split keeps a trailing empty piece for a final newline; do not add a line for it
        if (raw.endsWith("\n") && out.length() > 0) {
            out.setLength(out.length() - 1);
        }
        return new Prepared(out.toString(), evidence);
    }
}
