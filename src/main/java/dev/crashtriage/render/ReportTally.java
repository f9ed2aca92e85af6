package dev.crashtriage.render;

import dev.crashtriage.triage.HostResult;

/** Running counts for a report's summary, kept as results stream past. */
final class ReportTally {
    int results;
    int incidents;
    int causes;

    void add(HostResult r) {
        results++;
        incidents += r.incidents().size();
        causes += r.causes().size();
    }
}
