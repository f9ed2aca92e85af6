package dev.crashtriage.signature;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/catalogue.md is generated from the signature files and their samples: this test renders it and fails when the
 * checked-in page drifts from the files. Regenerate with
 * {@code ./mvnw -q -o test -Dtest=CatalogueDocsTest -Dcatalogue.write=true}.
 */
class CatalogueDocsTest {
    static final Path CATALOGUE = Path.of("signatures");
    static final Path PAGE = Path.of("docs/catalogue.md");

    @Test
    void theCataloguePageIsGeneratedFromTheFiles() throws IOException {
        String rendered = render(SignatureCatalog.loadOnly(CATALOGUE));
        if (Boolean.getBoolean("catalogue.write")) {
            Files.writeString(PAGE, rendered, StandardCharsets.UTF_8);
        }
        String current = Files.exists(PAGE) ? Files.readString(PAGE, StandardCharsets.UTF_8) : "";
        assertEquals(rendered, current, PAGE + " is out of date with signatures/: regenerate it with "
                + "./mvnw -q -o test -Dtest=CatalogueDocsTest -Dcatalogue.write=true");
    }

    static String render(SignatureCatalog c) throws IOException {
        Map<String, List<Signature>> byArea = new TreeMap<>();
        for (Signature s : c.signatures()) {
            byArea.computeIfAbsent(s.area(), a -> new ArrayList<>()).add(s);
        }
        StringBuilder b = new StringBuilder();
        b.append("# Signature catalogue\n\n");
        b.append("Generated from `signatures/` by `CatalogueDocsTest` (do not edit by hand: edit the signature files and "
                + "regenerate with `./mvnw -q -o test -Dtest=CatalogueDocsTest -Dcatalogue.write=true`). ");
        b.append(c.signatures().size()).append(" signatures. Each has at least two positive and two negative samples "
                + "beside it; every sample names its source on its `#: source:` line. The file format is in "
                + "[signature-format.md](signature-format.md).\n\n");
        b.append("| area | id | severity | explains | title |\n| --- | --- | --- | --- | --- |\n");
        for (Map.Entry<String, List<Signature>> e : byArea.entrySet()) {
            for (Signature s : e.getValue()) {
                b.append("| ").append(e.getKey()).append(" | [`").append(s.id()).append("`](#").append(s.id()).append(") | ")
                        .append(s.severity()).append(s.generic() ? " (generic)" : "").append(" | ")
                        .append(String.join(", ", s.explains())).append(" | ").append(cell(s.title())).append(" |\n");
            }
        }
        for (Map.Entry<String, List<Signature>> e : byArea.entrySet()) {
            b.append("\n## ").append(e.getKey()).append("\n");
            for (Signature s : e.getValue()) {
                b.append("\n### ").append(s.id()).append("\n\n");
                b.append("**").append(s.title().strip()).append("** (").append(s.severity())
                        .append(s.generic() ? ", generic" : "").append("; file `signatures/").append(e.getKey()).append('/')
                        .append(s.id()).append(".yml`)\n\n");
                b.append(s.description().strip()).append("\n\n");
                if (!s.explains().isEmpty()) {
                    b.append("Explains: ").append(String.join(", ", s.explains())).append(".\n\n");
                }
                if (!s.confusedWith().isEmpty()) {
                    b.append("Confused with:\n\n");
                    for (Signature.ConfusedWith cw : s.confusedWith()) {
                        b.append("- `").append(cw.id()).append("`: ").append(cw.how().strip()).append('\n');
                    }
                    b.append('\n');
                }
                list(b, "What to do", s.steps());
                list(b, "To confirm", s.confirm());
                list(b, "References", s.references());
                Path dir = s.path().resolveSibling(s.id());
                List<String> samples = new ArrayList<>();
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.list(dir)) {
                        for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                            String source = Files.readAllLines(p, StandardCharsets.UTF_8).stream()
                                    .filter(l -> l.startsWith("#: source: ")).findFirst()
                                    .map(l -> l.substring("#: source: ".length()).strip()).orElse("(no source line)");
                            samples.add("`" + p.getFileName() + "`: " + source);
                        }
                    }
                }
                list(b, "Samples", samples);
            }
        }
        return b.toString();
    }

    private static void list(StringBuilder b, String heading, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        b.append(heading).append(":\n\n");
        for (String i : items) {
            b.append("- ").append(i.strip().replace("\n", " ")).append('\n');
        }
        b.append('\n');
    }

    private static String cell(String s) {
        return s.strip().replace("|", "\\|").replace("\n", " ");
    }
}
