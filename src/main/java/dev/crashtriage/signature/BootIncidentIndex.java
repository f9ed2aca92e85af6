package dev.crashtriage.signature;

import dev.crashtriage.kernel.Incident;
import dev.crashtriage.kernel.IncidentKind;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The incidents of an extraction grouped by input and boot, then by kind, each with its first and last line's
 * time read once: the incident-bound judge asks, for every explained incident and every {@code incident:}
 * selection, for the other incidents near it, and scanning every incident of the stream (and parsing two times
 * for each) made that quadratic in the incidents of a boot. A lookup returns the same incidents, in the same
 * (extraction) order, as that scan would consider.
 */
final class BootIncidentIndex {

    /** One incident with its position in the extraction and its times (NaN when a line has none). */
    record Entry(Incident incident, int position, double firstSeconds, double lastSeconds) {
    }

    private record Key(String source, int boot) {
    }

    /** One input's boot: its incidents in extraction order, and by kind. */
    private static final class Group {
        final List<Entry> all = new ArrayList<>();
        final Map<IncidentKind, List<Entry>> byKind = new EnumMap<>(IncidentKind.class);
        /** Whether first lines never decrease in extraction order, so a line bound is a binary search. */
        boolean lineOrdered = true;
    }

    private final Map<Key, Group> groups = new HashMap<>();

    BootIncidentIndex(List<Incident> incidents) {
        for (int p = 0; p < incidents.size(); p++) {
            Incident i = incidents.get(p);
            if (i.lines().isEmpty()) {
                continue; // never placed: the judge skips an incident without lines
            }
            Entry e = new Entry(i, p, RecordTime.seconds(i.lines().get(0)),
                    RecordTime.seconds(i.lines().get(i.lines().size() - 1)));
            Group g = groups.computeIfAbsent(new Key(i.source(), i.boot()), k -> new Group());
            if (!g.all.isEmpty() && g.all.get(g.all.size() - 1).incident().line() > i.line()) {
                g.lineOrdered = false;
            }
            g.all.add(e);
            g.byKind.computeIfAbsent(i.kind(), k -> new ArrayList<>()).add(e);
        }
    }

    /**
     * The incidents with lines of one input's boot, of the given kinds (any kind when empty), whose first line is
     * after {@code afterLine} and before {@code beforeLine} (exclusive bounds), in extraction order. The line
     * bounds narrow by binary search; a caller still applies its own exact placement.
     */
    List<Entry> candidates(String source, int boot, Set<IncidentKind> kinds, long afterLine, long beforeLine) {
        Group g = groups.get(new Key(source, boot));
        if (g == null) {
            return List.of();
        }
        if (kinds.isEmpty()) {
            return window(g.all, g.lineOrdered, afterLine, beforeLine);
        }
        List<Entry> out = new ArrayList<>();
        for (IncidentKind k : kinds) {
            List<Entry> of = g.byKind.get(k);
            if (of != null) {
                out.addAll(window(of, g.lineOrdered, afterLine, beforeLine));
            }
        }
        if (kinds.size() > 1) {
            out.sort((a, b) -> Integer.compare(a.position(), b.position()));
        }
        return out;
    }

    private static List<Entry> window(List<Entry> entries, boolean lineOrdered, long afterLine, long beforeLine) {
        if (!lineOrdered) {
            return entries;
        }
        int from = firstAbove(entries, afterLine);
        int to = firstAbove(entries, beforeLine - 1);
        return from >= to ? List.of() : entries.subList(from, to);
    }

    /** The first position whose incident's first line is greater than {@code line}. */
    private static int firstAbove(List<Entry> entries, long line) {
        int lo = 0;
        int hi = entries.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.get(mid).incident().line() <= line) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
