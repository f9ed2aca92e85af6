package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Collects kernel and machine facts (version, arch, taint, boots) from a stream. */
public final class FactsCollector {
    private static final Pattern BANNER = Pattern.compile("Linux version (\\S+)");

    private String version;
    private final Map<String, Integer> context = new LinkedHashMap<>();

    public void accept(LogRecord r) {
        String t = r.text();
        if (version == null && t.startsWith("Linux version ")) {
            Matcher m = BANNER.matcher(t);
            if (m.lookingAt()) {
                version = m.group(1);
            }
        }
    }

    /** Incidents that only the facts can tell (unclean reboots). */
    public List<IncidentBuilder> finishIncidents() {
        return new ArrayList<>();
    }

    public KernelFacts finish() {
        return new KernelFacts(version, null, null, null, null, List.of(), List.of(), List.of());
    }

    public Map<String, Integer> contextCounts() {
        return context;
    }
}
