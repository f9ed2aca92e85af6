package dev.crashtriage.triage;

import dev.crashtriage.signature.Evidence;
import dev.crashtriage.signature.Severity;

import java.util.List;

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
 * @param incidents     ids of the incidents it explains
 * @param remediation   what to do
 * @param references    URLs or citations backing the remediation
 * @param wouldRaise    evidence that would raise the confidence (what to check)
 * @param wouldLower    evidence that would lower it
 * @param confusedWith  ids of causes it is easily confused with
 * @param loweredBy     evidence found that lowered the confidence (why the score is not higher)
 */
public record Cause(int rank, String signature, String title, Severity severity, double confidence,
                    String description, List<Evidence> evidence, List<String> incidents,
                    Remediation remediation, List<String> references, List<String> wouldRaise,
                    List<String> wouldLower, List<String> confusedWith, List<String> loweredBy) {

    /** The original shape (no lowering evidence), kept so existing callers compile unchanged. */
    public Cause(int rank, String signature, String title, Severity severity, double confidence,
                 String description, List<Evidence> evidence, List<String> incidents,
                 Remediation remediation, List<String> references, List<String> wouldRaise,
                 List<String> wouldLower, List<String> confusedWith) {
        this(rank, signature, title, severity, confidence, description, evidence, incidents, remediation,
                references, wouldRaise, wouldLower, confusedWith, List.of());
    }

    /** The same cause with another severity. */
    public Cause withSeverity(Severity s) {
        return new Cause(rank, signature, title, s, confidence, description, evidence, incidents,
                remediation, references, wouldRaise, wouldLower, confusedWith, loweredBy);
    }

    /** The same cause at another rank. */
    public Cause withRank(int newRank) {
        return new Cause(newRank, signature, title, severity, confidence, description, evidence, incidents,
                remediation, references, wouldRaise, wouldLower, confusedWith, loweredBy);
    }
}
