package dev.crashtriage.cli;

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
    NONE(Integer.MAX_VALUE);

    private final int rank;

    FailOn(int rank) {
        this.rank = rank;
    }

    boolean failsOn(HostResult r) {
        if (this == NONE) {
            return false;
        }
        if (this == INCIDENT) {
            return !r.incidents().isEmpty() || !r.causes().isEmpty();
        }
        for (Cause c : r.causes()) {
            if (severityRank(c.severity()) >= rank) {
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
