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
        Map<String, String> links = new LinkedHashMap<>();
        for (Finding f : findings) {
            links.putAll(f.causedBy());
        }
        Map<String, Candidate> leader = new LinkedHashMap<>();
        candidates = chains(candidates, links, leader);
        candidates = atLeastHighWhenItEndedTheMachine(candidates, extraction);
        candidates = rootsAtLeastTheirConsequences(candidates, leader);
        Map<Candidate, Candidate> lead = new java.util.IdentityHashMap<>();
        Map<Candidate, Double> rankedAs = new java.util.IdentityHashMap<>();
        for (Candidate c : candidates) {
            Candidate l = leaderOf(c, leader, candidates);
            lead.put(c, l);
            rankedAs.merge(l, c.cause().confidence(), Math::max);
            rankedAs.merge(c, c.cause().confidence(), Math::max);
        }
        Comparator<Candidate> order = Comparator.comparing(Candidate::demoted)
                .thenComparing(c -> -Math.round(rankedAs.get(c) * 100))
                .thenComparingLong(Candidate::firstLine)
                .thenComparingInt(c -> c.cause().severity().ordinal())
                .thenComparing(c -> c.cause().signature());
        // a chain's root ranks where the best of its chain would, and its consequences right after it
        candidates.sort(Comparator.<Candidate, Candidate>comparing(lead::get, order)
                .thenComparing(c -> lead.get(c) != c)
                .thenComparing(order));
        List<Cause> out = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            out.add(c.cause().withRank(out.size() + 1));
        }
        return List.copyOf(out);
    }

    /** The root cause a consequence is grouped under (itself when it is no consequence), after severity changes. */
    private static Candidate leaderOf(Candidate c, Map<String, Candidate> leader, List<Candidate> now) {
        Candidate before = leader.get(key(c));
        if (before == null) {
            return c;
        }
        for (Candidate n : now) {
            if (n.cause().signature().equals(before.cause().signature()) && n.cause().incidents().equals(before.cause().incidents())) {
                return n;
            }
        }
        return c;
    }

    /**
     * Causal chains: an incident {@code caused_by} an earlier one (a signature's {@code preceded_by}) is
     * explained by the cause of the root of its chain. That root cause takes the chain's incidents and links
     * and ranks as high as the best cause in its chain; a cause all of whose incidents lie in another
     * cause's chain is its consequence and ranks right after it.
     *
     * @param leader filled with consequence to root cause
     */
    private static List<Candidate> chains(List<Candidate> in, Map<String, String> links, Map<String, Candidate> leader) {
        if (links.isEmpty()) {
            return in;
        }
        Map<String, Candidate> owner = new LinkedHashMap<>();
        for (Candidate c : in) {
            for (String id : c.cause().incidents()) {
                Candidate o = owner.get(id);
                if (o == null || better(c, o)) {
                    owner.put(id, c);
                }
            }
        }
        Map<Candidate, List<String>> chainOf = new java.util.IdentityHashMap<>();
        Map<Candidate, Map<String, String>> linksOf = new java.util.IdentityHashMap<>();
        for (String consequence : links.keySet()) {
            String root = rootOf(consequence, links);
            Candidate r = owner.get(root);
            if (r == null) {
                continue;
            }
            // every incident on the way from the consequence to the root belongs to the root's chain
            String at = consequence;
            for (int guard = 0; at != null && !at.equals(root) && guard < 64; guard++) {
                chainOf.computeIfAbsent(r, k -> new ArrayList<>()).add(at);
                linksOf.computeIfAbsent(r, k -> new LinkedHashMap<>()).put(at, links.get(at));
                at = links.get(at);
            }
        }
        List<Candidate> out = new ArrayList<>(in.size());
        Map<Candidate, Candidate> rebuilt = new java.util.IdentityHashMap<>();
        for (Candidate c : in) {
            List<String> extra = chainOf.get(c);
            if (extra == null) {
                out.add(c);
                continue;
            }
            Set<String> all = new LinkedHashSet<>(c.cause().incidents());
            all.addAll(extra);
            List<String> sorted = new ArrayList<>(all);
            sorted.sort(Comparator.comparingInt(CauseRanker::incidentNumber));
            Candidate root = new Candidate(c.cause().withChain(sorted, linksOf.get(c)), c.generic(), c.firstLine(), false);
            rebuilt.put(c, root);
            out.add(root);
        }
        for (Candidate c : in) {
            if (chainOf.containsKey(c)) {
                continue;
            }
            Candidate root = null;
            boolean all = !c.cause().incidents().isEmpty();
            for (String id : c.cause().incidents()) {
                String r = links.containsKey(id) ? rootOf(id, links) : null;
                Candidate o = r == null ? null : owner.get(r);
                if (o == null || o == c || (root != null && root != o)) {
                    all = false;
                    break;
                }
                root = o;
            }
            if (all && root != null) {
                leader.put(key(c), rebuilt.getOrDefault(root, root));
            }
        }
        return out;
    }

    /** A candidate's identity across the rebuilds that change its severity: its id and incidents. */
    private static String key(Candidate c) {
        return c.cause().signature() + "|" + c.cause().incidents();
    }

    private static int incidentNumber(String id) {
        try {
            return Integer.parseInt(id.substring(1));
        } catch (RuntimeException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static String rootOf(String id, Map<String, String> links) {
        String at = id;
        for (int guard = 0; links.containsKey(at) && guard < 64; guard++) {
            at = links.get(at);
        }
        return at;
    }

    /** Which of two causes owns an incident both explain: the undemoted, the specific, then the more confident. */
    private static boolean better(Candidate a, Candidate b) {
        if (a.demoted() != b.demoted()) {
            return !a.demoted();
        }
        if (a.generic() != b.generic()) {
            return !a.generic();
        }
        return a.cause().confidence() > b.cause().confidence();
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
    /**
     * The root of a causal chain is at least as severe as what it caused: SCSI aborts that left jbd2 hung (high)
     * are not a low "unexplained" error just because no signature names the aborts.
     */
    private static List<Candidate> rootsAtLeastTheirConsequences(List<Candidate> in, Map<String, Candidate> leader) {
        Map<Candidate, Severity> raise = new java.util.IdentityHashMap<>();
        for (Candidate c : in) {
            Candidate l = leaderOf(c, leader, in);
            if (l != c) {
                raise.merge(l, c.cause().severity(), Severity::max);
            }
        }
        if (raise.isEmpty()) {
            return in;
        }
        List<Candidate> out = new ArrayList<>(in.size());
        for (Candidate c : in) {
            Severity s = raise.get(c);
            out.add(s == null || c.cause().severity().atLeast(s) ? c
                    : new Candidate(c.cause().withSeverity(s), c.generic(), c.firstLine(), c.demoted()));
        }
        return out;
    }

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
