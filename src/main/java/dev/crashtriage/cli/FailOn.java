package dev.crashtriage.cli;

import dev.crashtriage.kernel.Incident;
import dev.crashtriage.triage.Baseline;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;

import java.util.Locale;

/** {@code --fail-on}: the least finding that makes analyze exit with {@link ExitCodes#FINDINGS}. */
enum FailOn {
    /** Any incident or any cause. */
    INCIDENT(-1),
    INFO(0),
    LOW(1),
    MEDIUM(2),
    HIGH(3),
    CRITICAL(4),
    /** Never: findings alone never fail the run. */
    NONE(Integer.MAX_VALUE),
    /** The same as {@link #NONE}, the word CI tools use. */
    NEVER(Integer.MAX_VALUE);

    private final int rank;

    FailOn(int rank) {
        this.rank = rank;
    }

    boolean failsOn(HostResult r) {
        return failsOn(r, Baseline.empty());
    }

    /** True when {@code r} holds a finding at or above this level that the baseline does not know. */
    boolean failsOn(HostResult r, Baseline baseline) {
        if (rank == Integer.MAX_VALUE) {
            return false;
        }
        if (this == INCIDENT) {
            for (Incident i : r.incidents()) {
                if (!baseline.knowsCrash(i.fingerprint())) {
                    return true;
                }
            }
        }
        for (Cause c : r.causes()) {
            if ((this == INCIDENT || severityRank(String.valueOf(c.severity())) >= rank) && !baseline.knowsCause(c, r)) {
                return true;
            }
        }
        return false;
    }

    /** A severity the catalogue does not define counts as critical: a CI gate should fail safe. */
    static int severityRank(String severity) {
        if (severity == null) {
            return CRITICAL.rank;
        }
        switch (severity.toLowerCase(Locale.ROOT)) {
            case "info":
                return INFO.rank;
            case "low":
                return LOW.rank;
            case "medium":
                return MEDIUM.rank;
            case "high":
                return HIGH.rank;
            default:
                return CRITICAL.rank;
        }
    }
}
