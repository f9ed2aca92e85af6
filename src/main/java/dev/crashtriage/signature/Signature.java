package dev.crashtriage.signature;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One root cause and how to recognise it: a loaded, validated signature file.
 *
 * @param id           lowercase kebab slug
 * @param title        the cause, in words
 * @param severity     what a person should do about it, when no {@code severityWhen} rule applies
 * @param area         fs, block, net, mm, sched, hw, virt, stack...
 * @param generic      generic causes yield to specific ones on the same evidence
 * @param description  the mechanism
 * @param scope        where the selections must co-occur
 * @param selections   named selections, in written order
 * @param condition    when the signature matches
 * @param base         confidence when the condition holds
 * @param raise        adjustments that raise it when present
 * @param lower        adjustments that lower it when present
 * @param explains     incident kind ids it explains, or empty for "the incidents its selections matched"
 * @param confusedWith causes it is easily confused with
 * @param steps        remediation steps
 * @param confirm      how to confirm
 * @param references   URLs or citations
 * @param file         where it was loaded from, as shown in messages
 * @param path         the file itself (may live inside the jar), for finding its samples
 * @param user         true when it came from a user directory rather than the built-in catalogue
 * @param precededBy   earlier episodes an explained incident can be the consequence of (causal chains)
 * @param severityWhen evidence that sets another severity for a match (the first rule that holds wins)
 */
public record Signature(String id, String title, Severity severity, String area, boolean generic, String description,
                        Scope scope, Map<String, Selection> selections, Condition condition, double base,
                        List<Adjustment> raise, List<Adjustment> lower, List<String> explains,
                        List<ConfusedWith> confusedWith, List<String> steps, List<String> confirm,
                        List<String> references, String file, Path path, boolean user, List<Precedent> precededBy,
                        List<SeverityRule> severityWhen) {

    /**
     * A severity that applies when its condition holds for a match: a corrected machine check is low,
     * a scratched DVD in sr0 is low.
     *
     * @param when     the condition as written
     * @param test     the condition parsed
     * @param severity the severity it sets
     */
    public record SeverityRule(String when, Condition test, Severity severity) {
    }


    /**
     * A change to the confidence when some evidence is present.
     *
     * @param when the condition (usually one selection name) as written
     * @param test the condition parsed
     * @param by   how much
     * @param hint what to look for, for the user
     */
    public record Adjustment(String when, Condition test, double by, String hint) {
    }

    /**
     * An earlier incident that, when it precedes an incident this signature explains, is its cause:
     * "ATA link resets, then tasks hung". The later incident is then {@code caused_by} the earlier one.
     *
     * @param kinds         kinds of the earlier incident
     * @param withinSeconds most time from the earlier incident's start to the later one's, or 0 for any (same boot)
     * @param same          facts that, when both incidents have them, must be equal (device, interface...)
     * @param facts         conditions the earlier incident's facts must meet
     */
    public record Precedent(java.util.Set<dev.crashtriage.kernel.IncidentKind> kinds, double withinSeconds,
                            List<String> same, List<FactCondition> facts) {
    }

    /** A cause this one is easily confused with, and how to tell them apart. */
    public record ConfusedWith(String id, String how) {
    }

    /** The same signature marked as coming from a user directory. */
    public Signature asUser() {
        return new Signature(id, title, severity, area, generic, description, scope, selections, condition, base,
                raise, lower, explains, confusedWith, steps, confirm, references, file, path, true, precededBy, severityWhen);
    }
}
