package dev.crashtriage.triage;

import dev.crashtriage.kernel.Extraction;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.signature.Evidence;
import dev.crashtriage.signature.Finding;
import dev.crashtriage.signature.Signature;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores and orders the causes of one stream. Rules, in order: a generic cause whose incidents
 * (or, with none, whose evidence lines) are all explained by a matching specific cause is demoted
 * below every other; then higher confidence first; on a tie, the cause whose evidence starts
 * earlier (it explains what came after); then severity. Incidents no finding explains get a cause
 * built from their own facts ({@link FallbackCauses}).
 */
public final class CauseRanker {
    static final int MAX_EVIDENCE = 40;

    private final SignatureCatalog catalog;

    public CauseRanker(SignatureCatalog catalog) {
        this.catalog = catalog;
    }

    /** A cause before ranking, with what ranking needs. */
    private record Candidate(Cause cause, boolean generic, long firstLine, boolean demoted) {
        Candidate demote() {
            return new Candidate(cause, generic, firstLine, true);
        }
    }

    public List<Cause> rank(List<Finding> findings, Extraction extraction) {
        List<Candidate> candidates = new ArrayList<>();
        for (List<Finding> same : bySignature(findings).values()) {
            Signature s = catalog.get(same.get(0).signatureId());
            if (s != null) {
                candidates.add(merge(s, same));
            }
        }
        candidates = demoteGeneric(candidates);
        candidates.addAll(fallbacks(candidates, extraction));
        candidates = atLeastHighWhenItEndedTheMachine(candidates, extraction);
        candidates.sort(Comparator.comparing(Candidate::demoted)
                .thenComparing(c -> -Math.round(c.cause().confidence() * 100))
                .thenComparingLong(Candidate::firstLine)
                .thenComparingInt(c -> c.cause().severity().ordinal())
                .thenComparing(c -> c.cause().signature()));
        List<Cause> out = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            out.add(c.cause().withRank(out.size() + 1));
        }
        return List.copyOf(out);
    }

    private static Map<String, List<Finding>> bySignature(List<Finding> findings) {
        Map<String, List<Finding>> m = new LinkedHashMap<>();
        for (Finding f : findings) {
            m.computeIfAbsent(f.signatureId(), k -> new ArrayList<>()).add(f);
        }
        return m;
    }

    /** One cause per signature: its best-scoring match, with the evidence and incidents of all its matches. */
    private static Candidate merge(Signature s, List<Finding> same) {
        Finding best = same.get(0);
        Map<String, Evidence> evidence = new LinkedHashMap<>();
        Set<String> incidents = new LinkedHashSet<>();
        long first = Long.MAX_VALUE;
        for (Finding f : same) {
            if (f.confidence() > best.confidence()) {
                best = f;
            }
            for (Evidence e : f.evidence()) {
                evidence.putIfAbsent(e.source() + ":" + e.line(), e);
            }
            incidents.addAll(f.incidentIds());
            first = Math.min(first, f.firstLine());
        }
        List<Evidence> ev = new ArrayList<>(evidence.values());
        ev.sort(Comparator.comparingLong(Evidence::line));
        if (ev.size() > MAX_EVIDENCE) {
            ev = ev.subList(0, MAX_EVIDENCE);
        }
        Set<String> present = new HashSet<>(best.present());
        Set<String> lowered = new HashSet<>(best.lowered());
        List<String> wouldRaise = new ArrayList<>();
        for (Signature.Adjustment a : s.raise()) {
            if (!present.contains(a.when())) {
                wouldRaise.add(a.hint());
            }
        }
        List<String> wouldLower = new ArrayList<>();
        List<String> loweredBy = new ArrayList<>();
        for (Signature.Adjustment a : s.lower()) {
            (lowered.contains(a.when()) ? loweredBy : wouldLower).add(a.hint());
        }
        Severity severity = null;
        for (Finding f : same) {
            Severity fs = f.severity() == null ? s.severity() : f.severity();
            severity = severity == null ? fs : severity.max(fs);
        }
        Cause c = new Cause(0, s.id(), s.title(), severity, best.confidence(), s.description(), List.copyOf(ev),
                List.copyOf(incidents), new Remediation(s.steps(), s.confirm()), s.references(),
                List.copyOf(wouldRaise), List.copyOf(wouldLower),
                s.confusedWith().stream().map(Signature.ConfusedWith::id).toList(), List.copyOf(loweredBy));
        return new Candidate(c, s.generic(), first, false);
    }

    /** How close after an incident a panic still counts as its end (an oops, then "Fatal exception"). */
    static final double PANIC_FOLLOWS_SECONDS = 30;
    static final long PANIC_FOLLOWS_LINES = 40;

    /**
     * Whatever its catalogue severity, a cause explaining an incident that ended in a panic or hung the
     * machine is at least high: a person must act, and {@code --fail-on high} must not pass it.
     */
    private static List<Candidate> atLeastHighWhenItEndedTheMachine(List<Candidate> in, Extraction extraction) {
        Set<String> fatal = new HashSet<>();
        List<Incident> all = extraction.incidents();
        for (int k = 0; k < all.size(); k++) {
            Incident i = all.get(k);
            if (endsTheMachine(i)) {
                fatal.add(i.id());
                continue;
            }
            for (int n = k + 1; n < all.size(); n++) {
                Incident j = all.get(n);
                if (!j.source().equals(i.source()) || j.boot() != i.boot() || j.line() - i.endLine() > PANIC_FOLLOWS_LINES) {
                    break;
                }
                boolean close = i.time() == null || j.time() == null || j.time() - i.time() <= PANIC_FOLLOWS_SECONDS;
                if (close && j.kind() == dev.crashtriage.kernel.IncidentKind.PANIC) {
                    fatal.add(i.id());
                    break;
                }
            }
        }
        List<Candidate> out = new ArrayList<>(in.size());
        for (Candidate c : in) {
            boolean ended = c.cause().incidents().stream().anyMatch(fatal::contains);
            out.add(ended && !c.cause().severity().atLeast(Severity.HIGH)
                    ? new Candidate(c.cause().withSeverity(Severity.HIGH), c.generic(), c.firstLine(), c.demoted()) : c);
        }
        return out;
    }

    /** A panic, a report that says it panicked, a hard lockup, or a machine that stopped without a shutdown. */
    static boolean endsTheMachine(Incident i) {
        switch (i.kind()) {
            case PANIC:
            case HARD_LOCKUP:
            case UNCLEAN_REBOOT:
                return true;
            default:
                Object p = i.facts().get("panicked");
                return p instanceof Number n && n.intValue() == 1;
        }
    }

    private static List<Candidate> demoteGeneric(List<Candidate> in) {
        List<Candidate> out = new ArrayList<>(in.size());
        for (Candidate g : in) {
            boolean covered = false;
            if (g.generic()) {
                for (Candidate s : in) {
                    if (!s.generic() && covers(s.cause(), g.cause())) {
                        covered = true;
                        break;
                    }
                }
            }
            out.add(covered ? g.demote() : g);
        }
        return out;
    }

    /** Whether the specific cause explains everything the generic one does. */
    private static boolean covers(Cause specific, Cause generic) {
        if (!generic.incidents().isEmpty()) {
            return specific.incidents().containsAll(generic.incidents());
        }
        if (generic.evidence().isEmpty()) {
            return false;
        }
        Set<String> lines = new HashSet<>();
        for (Evidence e : specific.evidence()) {
            lines.add(e.source() + ":" + e.line());
        }
        for (Evidence e : generic.evidence()) {
            if (!lines.contains(e.source() + ":" + e.line())) {
                return false;
            }
        }
        return true;
    }

    private static List<Candidate> fallbacks(List<Candidate> explainedBy, Extraction extraction) {
        Set<String> explained = new HashSet<>();
        for (Candidate c : explainedBy) {
            explained.addAll(c.cause().incidents());
        }
        Map<String, FallbackCauses.Diagnosis> diagnoses = new LinkedHashMap<>();
        Map<String, List<Incident>> groups = new LinkedHashMap<>();
        for (Incident i : extraction.incidents()) {
            if (explained.contains(i.id())) {
                continue;
            }
            FallbackCauses.Diagnosis d = FallbackCauses.diagnose(i);
            diagnoses.putIfAbsent(d.key(), d);
            groups.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(i);
        }
        List<Candidate> out = new ArrayList<>();
        for (Map.Entry<String, List<Incident>> g : groups.entrySet()) {
            Cause c = FallbackCauses.build(diagnoses.get(g.getKey()), g.getValue());
            out.add(new Candidate(c, true, g.getValue().get(0).line(), false));
        }
        return out;
    }


}
