package dev.crashtriage.triage;

import dev.crashtriage.signature.BinaryStrings;
import dev.crashtriage.signature.Severity;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fallback causes as the build leaves them (pom.xml, execution "compiled-fallback-causes"): read once from
 * {@code fallback-causes.yml} with the YAML binding, written in a small binary form that loads with no Jackson
 * at all (binding a YAML file started Jackson databind and SnakeYAML on every run: most of a short run's class
 * loading). {@code CompiledFallbackCausesTest} holds the two loads equal.
 */
public final class CompiledFallbackCauses {
    static final String RESOURCE = "fallback-causes.bin";
    private static final int MAGIC = 0x43544631; // "CTF1"

    private CompiledFallbackCauses() {
    }

    /** @param args the file to write */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream o = Files.newOutputStream(out)) {
            write(FallbackCauses.fromYaml(), o);
        }
    }

    static void write(Map<String, FallbackCauses.Text> texts, OutputStream to) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(to));
        out.writeInt(MAGIC);
        out.writeInt(texts.size());
        for (Map.Entry<String, FallbackCauses.Text> e : texts.entrySet()) {
            FallbackCauses.Text t = e.getValue();
            BinaryStrings.write(out, e.getKey());
            BinaryStrings.write(out, t.title());
            BinaryStrings.write(out, t.severity() == null ? null : t.severity().name());
            out.writeDouble(t.confidence());
            BinaryStrings.write(out, t.description());
            BinaryStrings.writeList(out, t.steps());
            BinaryStrings.writeList(out, t.confirm());
            BinaryStrings.writeList(out, t.references());
        }
        out.flush();
    }

    /** The compiled texts, or null when the build left none (a class folder the build did not finish). */
    static Map<String, FallbackCauses.Text> read() throws IOException {
        try (InputStream in = CompiledFallbackCauses.class.getResourceAsStream(RESOURCE)) {
            return in == null ? null : read(in);
        }
    }

    static Map<String, FallbackCauses.Text> read(InputStream from) throws IOException {
        DataInputStream in = new DataInputStream(from);
        if (in.readInt() != MAGIC) {
            throw new IOException("not compiled fallback causes");
        }
        int n = in.readInt();
        Map<String, FallbackCauses.Text> texts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String id = BinaryStrings.read(in);
            String title = BinaryStrings.read(in);
            String severity = BinaryStrings.read(in);
            double confidence = in.readDouble();
            String description = BinaryStrings.read(in);
            texts.put(id, new FallbackCauses.Text(title, severity == null ? null : Severity.valueOf(severity),
                    confidence, description, BinaryStrings.readList(in), BinaryStrings.readList(in),
                    BinaryStrings.readList(in)));
        }
        return texts;
    }

}
