package dev.crashtriage.signature;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A signature's confidence for one match: base, plus the raises whose evidence is present, minus the
 * lowers, clamped to [0, 1]; and which selections that judgement rests on.
 *
 * @param confidence the result
 * @param raised     {@code when} texts of the raises applied
 * @param missing    {@code when} texts of the raises not applied
 * @param lowered    {@code when} texts of the lowers applied
 * @param cited      selections whose evidence the finding cites: the condition's, applied raises' and lowers'
 * @param explaining selections whose matched incidents the finding explains: the condition's and applied
 *                   raises' (a lower's incidents are counter-evidence)
 */
record Score(double confidence, List<String> raised, List<String> missing, List<String> lowered, Set<String> cited,
             Set<String> explaining) {

    static Score of(Signature s, Predicate<String> present) {
        Set<String> cited = new LinkedHashSet<>();
        s.condition().names(cited);
        Set<String> explaining = new LinkedHashSet<>(cited);
        double confidence = s.base();
        List<String> raised = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> lowered = new ArrayList<>();
        for (Signature.Adjustment a : s.raise()) {
            if (a.test().test(present)) {
                confidence += a.by();
                raised.add(a.when());
                a.test().names(cited);
                a.test().names(explaining);
            } else {
                missing.add(a.when());
            }
        }
        for (Signature.Adjustment a : s.lower()) {
            if (a.test().test(present)) {
                confidence -= a.by();
                lowered.add(a.when());
                a.test().names(cited);
            }
        }
        return new Score(Math.max(0, Math.min(1, confidence)), List.copyOf(raised), List.copyOf(missing),
                List.copyOf(lowered), cited, explaining);
    }
}
