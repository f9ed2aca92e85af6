package dev.crashtriage.kernel;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which incident heads a report: a kernel crash, when there is one, over the storage, filesystem,
 * memory or network episodes found around it. A loop-device I/O error printed a second before a
 * KASAN report is context for it, not the headline.
 */
public final class Headline {
    /** Kernel crash reports: the kernel itself found a bug or stopped making progress. */
    private static final Set<IncidentKind> CRASHES = EnumSet.of(IncidentKind.OOPS, IncidentKind.BUG, IncidentKind.WARNING,
            IncidentKind.GENERAL_PROTECTION_FAULT, IncidentKind.PANIC, IncidentKind.KASAN, IncidentKind.SANITIZER,
            IncidentKind.LOCKDEP, IncidentKind.LIST_CORRUPTION, IncidentKind.DOUBLE_FAULT, IncidentKind.SOFT_LOCKUP,
            IncidentKind.HARD_LOCKUP, IncidentKind.RCU_STALL, IncidentKind.HUNG_TASK, IncidentKind.STACK_OVERFLOW);

    private Headline() {
    }

    /** Whether an incident is a kernel crash report. */
    public static boolean isCrash(Incident i) {
        return CRASHES.contains(i.kind());
    }

    /** The headline incident: the first crash (a WARNING only when no harder crash is there), else the first incident; null for none. */
    public static Incident primary(List<Incident> incidents) {
        Incident warning = null;
        for (Incident i : incidents) {
            if (isCrash(i)) {
                if (i.kind() != IncidentKind.WARNING) {
                    return i;
                }
                if (warning == null) {
                    warning = i;
                }
            }
        }
        if (warning != null) {
            return warning;
        }
        return incidents.isEmpty() ? null : incidents.get(0);
    }

    /** The incidents with the headline first and the others in their order. */
    public static List<Incident> headlineFirst(List<Incident> incidents) {
        Incident p = primary(incidents);
        if (p == null || incidents.get(0) == p) {
            return incidents;
        }
        List<Incident> out = new ArrayList<>(incidents.size());
        out.add(p);
        for (Incident i : incidents) {
            if (i != p) {
                out.add(i);
            }
        }
        return out;
    }
}
