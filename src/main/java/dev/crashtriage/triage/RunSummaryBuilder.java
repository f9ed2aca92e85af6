package dev.crashtriage.triage;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.kernel.Incident;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Builds a {@link RunSummary} from results as they stream past, in bounded memory per distinct crash
 * and cause (a few input names each, exact counts). Not thread-safe: one run's sink feeds it.
 */
public final class RunSummaryBuilder {
    private final Set<String> inputs = new HashSet<>();
    private final Set<String> withIncidents = new HashSet<>();
    private final Set<String> withCauses = new HashSet<>();
    private final Set<String> failed = new HashSet<>();
    private final Map<String, Group> byFingerprint = new LinkedHashMap<>();
    private final Map<String, CauseGroup> bySignature = new LinkedHashMap<>();
    private int skipped;
    private int results;
    private int incidents;
    private int causes;

    public void add(HostResult r) {
        results++;
        inputs.add(r.source());
        if (!r.incidents().isEmpty()) {
            withIncidents.add(r.source());
        }
        if (!r.causes().isEmpty()) {
            withCauses.add(r.source());
        }
        incidents += r.incidents().size();
        causes += r.causes().size();
        for (Incident i : r.incidents()) {
            String fp = i.fingerprint() == null ? i.kind().id() + "|" + i.title() : i.fingerprint();
            byFingerprint.computeIfAbsent(fp, k -> new Group(k, i.kind().id(), i.corrupted())).add(i, r.source());
        }
        for (Cause c : r.causes()) {
            bySignature.computeIfAbsent(c.signature(), k -> new CauseGroup(c)).add(r.source());
        }
    }

    /** An input that could not be read or held no kernel log counts as an input error, not as analysed. */
    public void problem(InputProblem p) {
        if (p.fatal()) {
            failed.add(p.source());
        }
    }

    public void skipped(int files) {
        skipped += files;
    }

    /**
     * The summary so far.
     *
     * @param knownFingerprint true for a fingerprint the baseline knows
     * @param knownCause       true for a signature id the baseline knows
     */
    public RunSummary build(Predicate<String> knownFingerprint, Predicate<String> knownCause) {
        // syzbot merges crashes by title: groups of one clean title become one crash
        Map<String, List<Group>> byTitle = new LinkedHashMap<>();
        for (Group g : byFingerprint.values()) {
            String key = g.corrupted ? "\u0000corrupted\u0000" + g.fingerprint : g.kind + "\u0000" + g.mainTitle();
            byTitle.computeIfAbsent(key, k -> new ArrayList<>()).add(g);
        }
        List<RunSummary.Crash> crashes = new ArrayList<>();
        for (List<Group> merged : byTitle.values()) {
            crashes.add(crash(merged, knownFingerprint));
        }
        crashes.sort(Comparator.comparingInt(RunSummary.Crash::count).reversed()
                .thenComparing(Comparator.comparingInt(RunSummary.Crash::inputCount).reversed())
                .thenComparing(c -> c.title() == null ? "" : c.title()));
        List<RunSummary.CauseCount> causeCounts = new ArrayList<>();
        for (CauseGroup g : bySignature.values()) {
            causeCounts.add(new RunSummary.CauseCount(g.signature, g.title, g.severity, g.count, g.inputs.size(),
                    List.copyOf(g.listed), knownCause.test(g.signature)));
        }
        causeCounts.sort(Comparator.comparingInt(RunSummary.CauseCount::count).reversed()
                .thenComparing(Comparator.comparingInt(RunSummary.CauseCount::inputCount).reversed())
                .thenComparing(RunSummary.CauseCount::signature));
        Set<String> analysed = new HashSet<>(inputs);
        return new RunSummary(analysed.size(), withIncidents.size(), withCauses.size(), failed.size(), skipped,
                results, incidents, causes, List.copyOf(crashes), List.copyOf(causeCounts));
    }

    public RunSummary build() {
        return build(fp -> false, id -> false);
    }

    private static RunSummary.Crash crash(List<Group> groups, Predicate<String> knownFingerprint) {
        Map<String, Integer> titles = new LinkedHashMap<>();
        List<String> fingerprints = new ArrayList<>();
        Set<String> inputNames = new LinkedHashSet<>();
        Set<String> listed = new LinkedHashSet<>();
        int count = 0;
        int inputCount = 0;
        boolean known = true;
        for (Group g : groups) {
            g.titles.forEach((t, n) -> titles.merge(t, n, Integer::sum));
            fingerprints.add(g.fingerprint);
            known &= knownFingerprint.test(g.fingerprint);
            count += g.count;
            inputNames.addAll(g.inputs);
            for (String s : g.listed) {
                if (listed.size() < RunSummary.INPUTS_LISTED) {
                    listed.add(s);
                }
            }
            inputCount = Math.max(inputCount, g.inputs.size());
        }
        inputCount = Math.max(inputCount, inputNames.size());
        List<String> titleList = new ArrayList<>(titles.keySet());
        titleList.sort(Comparator.comparing((String t) -> titles.get(t)).reversed());
        Group first = groups.get(0);
        return new RunSummary.Crash(titleList.isEmpty() ? null : titleList.get(0), first.kind, List.copyOf(titleList),
                List.copyOf(fingerprints), count, inputCount, List.copyOf(listed), first.corrupted, known);
    }

    /** The incidents of one fingerprint. */
    private static final class Group {
        final String fingerprint;
        final String kind;
        final boolean corrupted;
        final Map<String, Integer> titles = new LinkedHashMap<>();
        // input names are kept to count distinct inputs exactly; names are short and inputs are what a run has
        final Set<String> inputs = new HashSet<>();
        final List<String> listed = new ArrayList<>();
        int count;

        Group(String fingerprint, String kind, boolean corrupted) {
            this.fingerprint = fingerprint;
            this.kind = kind;
            this.corrupted = corrupted;
        }

        void add(Incident i, String source) {
            count++;
            titles.merge(i.title() == null ? "" : i.title(), 1, Integer::sum);
            if (inputs.add(source) && listed.size() < RunSummary.INPUTS_LISTED) {
                listed.add(source);
            }
        }

        String mainTitle() {
            String best = null;
            int n = -1;
            for (Map.Entry<String, Integer> e : titles.entrySet()) {
                if (e.getValue() > n) {
                    best = e.getKey();
                    n = e.getValue();
                }
            }
            return best;
        }
    }

    /** The results one signature was ranked in. */
    private static final class CauseGroup {
        final String signature;
        final String title;
        final String severity;
        final Set<String> inputs = new HashSet<>();
        final List<String> listed = new ArrayList<>();
        int count;

        CauseGroup(Cause c) {
            this.signature = c.signature();
            this.title = c.title();
            this.severity = c.severity() == null ? null : c.severity().id();
        }

        void add(String source) {
            count++;
            if (inputs.add(source) && listed.size() < RunSummary.INPUTS_LISTED) {
                listed.add(source);
            }
        }
    }
}
