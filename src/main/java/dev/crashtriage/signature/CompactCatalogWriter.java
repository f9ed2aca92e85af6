package dev.crashtriage.signature;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build step (pom.xml, execution "compact-catalogue"): reads the repository's {@code signatures/} folder with the
 * YAML reader and writes the {@link CompactCatalog} the jar ships. Files are taken in the order and named the way
 * {@link SignatureCatalog} names built-ins, so both loads report the same files in the same order.
 */
public final class CompactCatalogWriter {
    private CompactCatalogWriter() {
    }

    /** @param args the {@code signatures/} folder, then the file to write */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: CompactCatalogWriter SIGNATURES_DIR OUT_FILE");
        }
        List<String> problems = problems(read(Path.of(args[0])));
        if (!problems.isEmpty()) {
            // the shipped built-ins compile their patterns on first use, so a bad one must stop the build here
            throw new IllegalStateException("built-in signatures do not validate:\n  " + String.join("\n  ", problems));
        }
        Path out = Path.of(args[1]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream o = Files.newOutputStream(out)) {
            write(Path.of(args[0]), o);
        }
    }

    /**
     * Why these files may not ship as built-ins: every error the full load reports (patterns compiled), and any
     * pattern that a load compiling on first use would split into other alternatives than the full load does.
     */
    static List<String> problems(List<CompactCatalog.File> files) {
        List<String> out = new ArrayList<>();
        for (CompactCatalog.File f : files) {
            if (f.unreadable() != null) {
                out.add(f.unreadable().getMessage());
                continue;
            }
            SignatureLoader.Result r = SignatureLoader.fromTree(f.shown(), f.fileName(), f.root());
            r.errors().forEach(e -> out.add(e.getMessage()));
            if (!r.ok()) {
                continue;
            }
            for (Selection sel : r.signature().selections().values()) {
                if (sel instanceof Selection.Lines lines) {
                    for (LinePattern p : lines.patterns()) {
                        List<String> eager = sources(p.alternatives());
                        List<String> onFirstUse = p.regex() == null ? eager
                                : sources(LinePattern.compiledOnFirstUse(p.source()).alternatives());
                        if (!eager.equals(onFirstUse)) {
                            out.add(f.shown() + ": pattern '" + p.source() + "' splits into " + onFirstUse
                                    + " when compiled on first use, but into " + eager + " when compiled at load");
                        }
                    }
                }
            }
        }
        return out;
    }

    private static List<String> sources(List<LinePattern> patterns) {
        return patterns.stream().map(LinePattern::source).toList();
    }

    static void write(Path signaturesDir, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
        List<CompactCatalog.File> files = read(signaturesDir);
        CompactCatalog.write(files, literals(files), data);
        data.flush();
    }

    /**
     * What {@code LiteralExtractor} gives for every regex the built-ins' line selections hold, and for each branch
     * those regexes split into: the load's own calls, recorded, so the table holds exactly what a start asks for.
     */
    static Map<String, LinePattern.Literals> literals(List<CompactCatalog.File> files) {
        LinePattern.Extracted recorder = LinePattern.Extracted.recording();
        for (CompactCatalog.File f : files) {
            if (f.unreadable() != null) {
                continue;
            }
            SignatureLoader.Result r = SignatureLoader.fromValidatedTree(f.shown(), f.fileName(), f.root(), recorder);
            if (!r.ok()) {
                continue;
            }
            for (Selection sel : r.signature().selections().values()) {
                if (sel instanceof Selection.Lines lines) {
                    for (LinePattern p : lines.patterns()) {
                        p.alternatives();
                    }
                }
            }
        }
        return recorder.bySource();
    }

    /** Every signature file under the folder, read into its tree, or into the YAML error that stops it. */
    static List<CompactCatalog.File> read(Path signaturesDir) throws IOException {
        Path relativeTo = signaturesDir.toAbsolutePath().getParent();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(signaturesDir.toAbsolutePath())) {
            files = walk.filter(SignatureCatalog::isSignatureFile).sorted().toList();
        }
        List<CompactCatalog.File> out = new ArrayList<>();
        for (Path f : files) {
            String shown = relativeTo.relativize(f).toString().replace('\\', '/');
            String text = Files.readString(f, StandardCharsets.UTF_8);
            try {
                out.add(new CompactCatalog.File(shown, new YamlTreeReader(shown).read(text), null));
            } catch (SignatureException e) {
                out.add(new CompactCatalog.File(shown, null, e));
            }
        }
        return out;
    }
}
