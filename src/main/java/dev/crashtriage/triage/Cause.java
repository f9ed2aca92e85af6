package dev.crashtriage.triage;

import dev.crashtriage.signature.Evidence;
import dev.crashtriage.signature.Severity;

import java.util.List;
import java.util.Map;

/**
 * A ranked likely cause of what happened in one (input, host) stream.
 *
 * @param rank          1 = most likely
 * @param signature     signature id ("tg3-napi-poll-crash"), or a generic id for causes built from facts
 * @param title         the cause, in words
 * @param severity      what a person should do (a panic or a machine hang is at least high)
 * @param confidence    in [0, 1]
 * @param description   the mechanism, in a few sentences
 * @param evidence      lines cited, in input order
 * @param incidents     ids of the incidents it explains, the later incidents of its causal chain included
 * @param remediation   what to do
 * @param references    URLs or citations backing the remediation
 * @param wouldRaise    evidence that would raise the confidence (what to check)
 * @param wouldLower    evidence that would lower it
 * @param confusedWith  ids of causes it is easily confused with
 * @param loweredBy     evidence found that lowered the confidence (why the score is not higher)
 * @param causedBy      the causal chain it is the root of: later incident id to the id of the incident that
 *                      caused it (empty when it explains no chain)
 */
public record Cause(int rank, String signature, String title, Severity severity, double confidence,
                    String description, List<Evidence> evidence, List<String> incidents,
                    Remediation remediation, List<String> references, List<String> wouldRaise,
                    List<String> wouldLower, List<String> confusedWith, List<String> loweredBy,
                    Map<String, String> causedBy) {

    public Cause(int rank, String signature, String title, Severity severity, double confidence,
                 String description, List<Evidence> evidence, List<String> incidents,
                 Remediation remediation, List<String> references, List<String> wouldRaise,
                 List<String> wouldLower, List<String> confusedWith, List<String> loweredBy) {
        this(rank, signature, title, severity, confidence, description, evidence, incidents, remediation,
                references, wouldRaise, wouldLower, confusedWith, loweredBy, Map.of());
    }

    /** The original shape (no lowering evidence), kept so existing callers compile unchanged. */
    public Cause(int rank, String signature, String title, Severity severity, double confidence,
                 String description, List<Evidence> evidence, List<String> incidents,
                 Remediation remediation, List<String> references, List<String> wouldRaise,
                 List<String> wouldLower, List<String> confusedWith) {
        this(rank, signature, title, severity, confidence, description, evidence, incidents, remediation,
                references, wouldRaise, wouldLower, confusedWith, List.of(), Map.of());
    }

    /** The same cause with another severity. */
    public Cause withSeverity(Severity s) {
        return new Cause(rank, signature, title, s, confidence, description, evidence, incidents,
                remediation, references, wouldRaise, wouldLower, confusedWith, loweredBy, causedBy);
    }

    /** The same cause at another rank. */
    public Cause withRank(int newRank) {
        return new Cause(newRank, signature, title, severity, confidence, description, evidence, incidents,
                remediation, references, wouldRaise, wouldLower, confusedWith, loweredBy, causedBy);
    }

    /** The same cause as the root of a causal chain: it also explains the chain's later incidents. */
    public Cause withChain(List<String> allIncidents, Map<String, String> links) {
        return new Cause(rank, signature, title, severity, confidence, description, evidence, allIncidents,
                remediation, references, wouldRaise, wouldLower, confusedWith, loweredBy, Map.copyOf(links));
    }

    /**
     * The chain as levels from its root: the root incident(s), the incidents they caused, and so on
     * ({@code [[I1], [I3], [I5, I6]]}); empty without a chain.
     */
    public List<List<String>> chain() {
        if (causedBy.isEmpty()) {
            return List.of();
        }
        List<List<String>> levels = new java.util.ArrayList<>();
        List<String> level = new java.util.ArrayList<>();
        for (String id : incidents) {
            if (!causedBy.containsKey(id) && causedBy.containsValue(id)) {
                level.add(id);
            }
        }
        java.util.Set<String> seen = new java.util.HashSet<>(level);
        while (!level.isEmpty() && levels.size() < 16) {
            levels.add(List.copyOf(level));
            List<String> next = new java.util.ArrayList<>();
            for (String id : incidents) {
                String parent = causedBy.get(id);
                if (parent != null && level.contains(parent) && seen.add(id)) {
                    next.add(id);
                }
            }
            level = next;
        }
        return List.copyOf(levels);
    }
}
