package dev.crashtriage.cli;

import dev.crashtriage.input.LogFormat;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.IncidentBuilder;
import dev.crashtriage.kernel.IncidentKind;
import dev.crashtriage.kernel.KernelFacts;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;
import dev.crashtriage.triage.Remediation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailOnTest {

    private static HostResult result(boolean incident, String... severities) {
        var incidents = incident
                ? List.of(new IncidentBuilder(IncidentKind.WARNING,
                        LogRecord.plain("x.log", 3, "WARNING: CPU: 0 PID: 1 at net/sched/sch_generic.c:320 dev_watchdog"))
                        .build("I1", "0", 0))
                : List.<dev.crashtriage.kernel.Incident>of();
        List<Cause> causes = new java.util.ArrayList<>();
        int rank = 1;
        for (String s : severities) {
            causes.add(new Cause(rank++, "sig-" + s, "a cause", dev.crashtriage.signature.Severity.fromId(s), 0.5, "", List.of(), List.of(),
                    new Remediation(List.of(), List.of()), List.of(), List.of(), List.of(), List.of()));
        }
        return new HostResult("x.log", null, LogFormat.DMESG, 10, KernelFacts.empty(), incidents, causes, Map.of(),
                List.of());
    }

    @Test
    void incidentLevelFailsOnAnyIncidentOrCause() {
        assertTrue(FailOn.INCIDENT.failsOn(result(true)));
        assertTrue(FailOn.INCIDENT.failsOn(result(false, "info")));
        assertFalse(FailOn.INCIDENT.failsOn(result(false)));
    }

    @Test
    void severityLevelsFailOnlyAtOrAbove() {
        assertFalse(FailOn.INFO.failsOn(result(true)), "an incident without a cause has no severity");
        assertTrue(FailOn.INFO.failsOn(result(false, "info")));
        assertFalse(FailOn.MEDIUM.failsOn(result(false, "info", "low")));
        assertTrue(FailOn.MEDIUM.failsOn(result(false, "low", "medium")));
        assertTrue(FailOn.HIGH.failsOn(result(false, "critical")));
        assertFalse(FailOn.CRITICAL.failsOn(result(true, "high")));
        assertTrue(FailOn.CRITICAL.failsOn(result(false, "critical")));
    }

    @Test
    void noneNeverFailsAndUnknownSeverityFailsSafe() {
        assertFalse(FailOn.NONE.failsOn(result(true, "critical")));
        assertTrue(FailOn.CRITICAL.failsOn(result(false, "catastrophic")));
    }
}
