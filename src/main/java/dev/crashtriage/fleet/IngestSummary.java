package dev.crashtriage.fleet;

/**
 * What one ingest did.
 *
 * @param hosts        host streams recorded
 * @param incidents    incidents offered
 * @param added        incidents that were new to the store (the rest were already there)
 * @param yearInferred incidents whose time had no year in the log (inferred from the reference time)
 * @param zoneAssumed  incidents whose time had no zone in the log (taken as UTC)
 * @param untimed      incidents without any wall-clock time (they count, but not in time-of-day or
 *                     simultaneity)
 */
public record IngestSummary(int hosts, int incidents, int added, int yearInferred, int zoneAssumed, int untimed) {

    public IngestSummary plus(IngestSummary o) {
        return new IngestSummary(hosts + o.hosts, incidents + o.incidents, added + o.added,
                yearInferred + o.yearInferred, zoneAssumed + o.zoneAssumed, untimed + o.untimed);
    }

    public static IngestSummary none() {
        return new IngestSummary(0, 0, 0, 0, 0, 0);
    }
}
