package dev.crashtriage.triage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.Frame;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.kernel.IncidentKind;
import dev.crashtriage.signature.Evidence;
import dev.crashtriage.signature.Severity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Causes for incidents no signature explains, built from the incident's own facts: a hardware
 * error kind, a proprietary or out-of-tree taint, or a guilty frame inside a module. The words
 * live in {@code fallback-causes.yml}; this class only decides which applies and fills them in.
 */
public final class FallbackCauses {
    private static final Set<IncidentKind> HARDWARE = Set.of(IncidentKind.MACHINE_CHECK, IncidentKind.HARDWARE_ERROR,
            IncidentKind.EDAC);

    /**
     * One entry of the YAML resource: a catalogue entry like a signature's, whose {@code {kind}},
     * {@code {module}} and {@code {taint}} are filled in from the incident it explains.
     */
    public record Text(String title, Severity severity, double confidence, String description, List<String> steps,
                       List<String> confirm, List<String> references) {
    }

    /** The fallback causes by id, in file order: what {@code signatures list} and {@code explain} show. */
    public static Map<String, Text> catalogue() {
        return java.util.Collections.unmodifiableMap(TEXTS);
    }

    private static final Map<String, Text> TEXTS = load();

    /**
     * Kernel crashes: whatever the catalogue does not know about one, the kernel killed a task inside
     * itself (maybe holding locks), so a person must look at it today: at least high.
     */
    static final Set<IncidentKind> CRASHES = Set.of(IncidentKind.OOPS, IncidentKind.BUG, IncidentKind.GENERAL_PROTECTION_FAULT,
            IncidentKind.PANIC, IncidentKind.DOUBLE_FAULT, IncidentKind.LIST_CORRUPTION, IncidentKind.KASAN);

    private FallbackCauses() {
    }

    /** The ids of the causes built from facts (what --signature may name besides the catalogue). */
    static Set<String> ids() {
        return TEXTS.keySet();
    }

    /** The build's compiled form (no Jackson at start-up), else the YAML itself. */
    private static Map<String, Text> load() {
        try {
            Map<String, Text> compiled = CompiledFallbackCauses.read();
            return compiled != null ? compiled : fromYaml();
        } catch (IOException e) {
            return fromYaml();
        }
    }

    /** The texts bound from {@code fallback-causes.yml} (the build step, and the fallback when it did not run). */
    static Map<String, Text> fromYaml() {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        try (InputStream in = FallbackCauses.class.getResourceAsStream("fallback-causes.yml")) {
            if (in == null) {
                throw new IllegalStateException("fallback-causes.yml missing from the build");
            }
            return mapper.readValue(in, mapper.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Text.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Which fallback applies to an incident, with the values its text needs. */
    record Diagnosis(String id, Map<String, String> values) {
        /** Incidents with the same diagnosis share one cause. */
        String key() {
            return id + values;
        }
    }

    static Diagnosis diagnose(Incident i) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("kind", i.kind().id());
        if (HARDWARE.contains(i.kind())) {
            return new Diagnosis("unexplained-hardware-error", v);
        }
        String taint = taintWords(i.taint());
        if (taint != null) {
            v.put("taint", taint);
            return new Diagnosis("tainted-kernel-crash", v);
        }
        String module = guiltyModule(i);
        if (module != null) {
            v.put("module", module);
            return new Diagnosis("unexplained-driver-crash", v);
        }
        return new Diagnosis("unexplained-kernel-incident", v);
    }

    /**
     * The taint letters that point at foreign code: P (proprietary module) and O (out-of-tree
     * module), per Documentation/admin-guide/tainted-kernels.rst.
     */
    static String taintWords(String taint) {
        if (taint == null) {
            return null;
        }
        boolean p = taint.indexOf('P') >= 0;
        boolean o = taint.indexOf('O') >= 0;
        if (p && o) {
            return "proprietary and an out-of-tree module";
        }
        return p ? "proprietary module" : o ? "out-of-tree module" : null;
    }

    static String guiltyModule(Incident i) {
        if (i.guiltyFrame() == null) {
            return null;
        }
        for (Frame f : i.frames()) {
            if (i.guiltyFrame().equals(f.function()) && f.module() != null) {
                return f.module();
            }
        }
        return null;
    }

    static Cause build(Diagnosis d, List<Incident> incidents) {
        Text t = TEXTS.get(d.id());
        List<Evidence> evidence = new ArrayList<>();
        for (Incident i : incidents) {
            if (evidence.size() >= 10 || i.lines().isEmpty()) {
                continue;
            }
            LogRecord head = i.lines().get(0);
            evidence.add(new Evidence(head.source(), head.line(), head.text()));
        }
        Severity severity = t.severity();
        for (Incident i : incidents) {
            if (CRASHES.contains(i.kind())) {
                severity = severity.max(Severity.HIGH);
            }
        }
        return new Cause(0, d.id(), fill(t.title(), d), severity, t.confidence(), fill(t.description(), d).strip(),
                List.copyOf(evidence), incidents.stream().map(Incident::id).toList(),
                new Remediation(fillAll(t.steps(), d), fillAll(t.confirm(), d)), List.copyOf(t.references()),
                List.of(), List.of(), List.of(), List.of());
    }

    private static List<String> fillAll(List<String> texts, Diagnosis d) {
        return texts == null ? List.of() : texts.stream().map(s -> fill(s, d)).toList();
    }

    private static String fill(String text, Diagnosis d) {
        String out = text;
        for (Map.Entry<String, String> e : d.values().entrySet()) {
            out = out.replace("{" + e.getKey() + "}", e.getValue());
        }
        return out;
    }
}
