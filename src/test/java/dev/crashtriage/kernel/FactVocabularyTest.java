package dev.crashtriage.kernel;

import dev.crashtriage.input.LogReader;
import dev.crashtriage.input.LogRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed fact vocabulary, and that every detector writes only what it declares. */
class FactVocabularyTest {

    @Test
    void signaturesCanAskWhetherAFactOfAKindExistsAndOfWhatType() {
        Fact<?> f = Facts.lookup(IncidentKind.OOM_KILL, "inactive_file_kb").orElseThrow();
        assertEquals(FactType.INTEGER, f.type());
        assertEquals("kB", f.unit());
        assertTrue(f.type().numeric());
        assertEquals(FactType.TEXT, Facts.lookup(IncidentKind.OOM_KILL, "gfp_mask").orElseThrow().type());
        assertEquals(FactType.FLAG, Facts.lookup(IncidentKind.MACHINE_CHECK, "corrected").orElseThrow().type());
        assertFalse(Facts.lookup(IncidentKind.NIC_TX_TIMEOUT, "inactive_file_kb").isPresent(), "declared for oom-kill only");
        assertFalse(Facts.lookup(IncidentKind.OOM_KILL, "zone_Normal_free_kb").isPresent(), "zone names are lower case");
        assertTrue(Facts.lookup(IncidentKind.OOM_KILL, "zone_normal_free_kb").isPresent());
        assertFalse(Facts.lookup("no_such_fact").isPresent());
        assertTrue(IncidentKind.HUNG_TASK.facts().contains(Facts.TASKS));
        for (IncidentKind k : IncidentKind.values()) {
            assertTrue(k.facts().contains(Facts.DEVICES), "devices is declared for every kind: " + k);
        }
    }

    @Test
    void typesAgreeWithTheJavaValues() {
        for (Fact<?> f : Facts.all()) {
            switch (f.type()) {
                case INTEGER -> assertTrue(f.javaType() == Long.class || f.javaType() == Integer.class, f.name());
                case FLAG -> assertEquals(Integer.class, f.javaType(), f.name());
                case TEXT -> assertEquals(String.class, f.javaType(), f.name());
                default -> assertEquals(List.class, f.javaType(), f.name());
            }
            assertFalse(f.kinds().isEmpty(), f.name());
            assertFalse(f.description().isBlank(), f.name());
        }
    }

    @Test
    void docsListEveryFact() throws IOException {
        String doc = Files.readString(Path.of("docs/kernel-events.md"));
        for (Fact<?> f : Facts.all()) {
            String name = f.name().startsWith("zone_") ? f.name().replaceFirst("^zone_[a-z0-9]+_", "zone_<z>_") : f.name();
            assertTrue(doc.contains("| `" + name + "` | " + f.type().id() + " |"),
                    "docs/kernel-events.md has no row for " + name + " (" + f.type().id() + ")");
        }
    }

    /** Runs every detector over every test log we have and checks each fact against the vocabulary. */
    @Test
    void everyIncidentCarriesOnlyDeclaredFactsOfTheDeclaredType() throws IOException, URISyntaxException {
        int incidents = 0;
        Map<String, Integer> seen = new HashMap<>();
        for (Path dir : List.of(resource("/kernel-events"), resource("/realworld"), resource("/syzkaller"))) {
            List<Path> logs;
            try (Stream<Path> s = Files.walk(dir)) {
                logs = s.filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".txt")).sorted().toList();
            }
            for (Path p : logs) {
                for (Incident i : extract(p)) {
                    incidents++;
                    for (Map.Entry<String, Object> e : i.facts().entrySet()) {
                        Fact<?> f = Facts.lookup(i.kind(), e.getKey()).orElse(null);
                        if (f == null) {
                            throw new AssertionError(p.getFileName() + ": " + i.kind().id() + " carries undeclared fact "
                                    + e.getKey());
                        }
                        assertTrue(f.javaType().isInstance(e.getValue()),
                                () -> p.getFileName() + ": " + f + " holds a " + e.getValue().getClass().getSimpleName());
                        if (f.type() == FactType.FLAG) {
                            assertTrue((Integer) e.getValue() == 0 || (Integer) e.getValue() == 1, f.name());
                        }
                        seen.merge(e.getKey(), 1, Integer::sum);
                    }
                }
            }
        }
        assertTrue(incidents > 100, "the corpora gave " + incidents + " incidents");
        assertTrue(seen.containsKey("inactive_file_kb") && seen.containsKey("stall_jiffies") && seen.containsKey("device"),
                seen::toString);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(FactVocabularyTest.class.getResource(name).toURI());
    }

    private static List<Incident> extract(Path p) throws IOException {
        IncidentExtractor x = new IncidentExtractor();
        List<LogRecord> records = new ArrayList<>();
        try (InputStream in = Files.newInputStream(p)) {
            new LogReader().read(in, p.getFileName().toString(), null, records::add);
        }
        records.forEach(x::accept);
        return x.finish().incidents();
    }
}
