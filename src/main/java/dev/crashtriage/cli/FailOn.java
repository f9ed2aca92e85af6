package dev.crashtriage.cli;

import dev.crashtriage.kernel.Incident;
import dev.crashtriage.triage.Baseline;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;

import dev.crashtriage.signature.Severity;

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
            if ((this == INCIDENT || severityRank(c.severity()) >= rank) && !baseline.knowsCause(c, r)) {
                return true;
            }
        }
        return false;
    }

    /** A cause without a severity counts as critical: a CI gate should fail safe. */
    static int severityRank(Severity severity) {
        if (severity == null) {
            return CRITICAL.rank;
        }
        return valueOf(severity.name()).rank;
    }
}
