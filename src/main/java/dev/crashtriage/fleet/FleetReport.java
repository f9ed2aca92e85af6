package dev.crashtriage.fleet;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * What {@code crashtriage fleet} reports, computed once and rendered as text, JSON or HTML.
 *
 * @param store            the store it was read from (display form)
 * @param since            the start of the period, or null for everything
 * @param hosts            hosts known to the store
 * @param events           crash events (incidents of one host within the merge window, see docs/fleet.md)
 * @param occurrences      incident occurrences read
 * @param untimed          events without a wall-clock time (counted; not in time of day or simultaneity)
 * @param timeNotes        what was guessed about times ("12 events: year not in the log: inferred"...)
 * @param crashes          distinct crashes, most frequent first
 * @param timeOfDay        crashes clustered in an hour of the day
 * @param simultaneous     hosts that crashed together more often than chance
 * @param sharedAttributes what the hosts with a crash share that the others do not
 * @param sharedSummaries  per crash, the values all its hosts share, and how many unaffected hosts have them all
 * @param timelines        each host's events, for the timeline chart
 * @param thresholds       the statistics' thresholds, as applied
 */
public record FleetReport(String store, Instant since, int hosts, int events, int occurrences, int untimed,
                          List<String> timeNotes, List<Crash> crashes, List<TimeOfDay> timeOfDay,
                          List<Simultaneous> simultaneous, List<SharedAttribute> sharedAttributes,
                          List<SharedSummary> sharedSummaries, List<HostTimeline> timelines, Thresholds thresholds) {

    /**
     * What every affected host of a crash has, in one sentence's worth.
     *
     * @param fingerprint       crash
     * @param title             its title
     * @param attributes        the shared attributes, strongest first
     * @param affected          affected hosts
     * @param unaffectedWithAll unaffected hosts that have all of them (among those whose logs tell all of them)
     * @param unaffectedKnown   unaffected hosts whose logs tell all of them
     */
    public record SharedSummary(String fingerprint, String title, List<SharedAttribute> attributes, int affected,
                                int unaffectedWithAll, int unaffectedKnown) {
    }

    /**
     * One distinct crash.
     *
     * @param fingerprint   fingerprint (or kind:title when it has none)
     * @param title         title
     * @param kind          incident kind id
     * @param count         events
     * @param hosts         hosts it happened on, by name
     * @param firstSeen     earliest event, local time of the log (null when untimed)
     * @param lastSeen      latest
     * @param kernels       kernel releases it happened on
     * @param firstRelease  the lowest of those releases (by version order)
     * @param drivers       driver versions on the affected hosts ("tg3 3.119")
     * @param causes        the causes recorded most often, best first
     * @param perDay        events per local day
     * @param hourCounts    events per local hour of the day (24 entries)
     */
    public record Crash(String fingerprint, String title, String kind, int count, List<String> hosts,
                        LocalDateTime firstSeen, LocalDateTime lastSeen, List<String> kernels, String firstRelease,
                        List<String> drivers, List<String> causes, Map<LocalDate, Integer> perDay, int[] hourCounts) {
    }

    /**
     * A crash clustered in one hour of the day.
     *
     * @param fingerprint crash
     * @param title       its title
     * @param hour        start of the busiest clock hour (local time of the log)
     * @param count       events in that hour
     * @param total       timed events of the crash
     * @param pValue      Rayleigh test p-value over all its hour angles
     * @param meanHour    mean direction, in hours (22.4 = 22:24)
     */
    public record TimeOfDay(String fingerprint, String title, int hour, int count, int total, double pValue,
                            double meanHour) {
    }

    /**
     * Two hosts whose crashes fell together.
     *
     * @param hosts        the two hosts
     * @param occurrences  times they crashed within the window of each other
     * @param windowS      the window, seconds
     * @param pValue       chance of that many or more coincidences (Poisson model; see docs/fleet.md)
     * @param expected     coincidences expected by chance
     * @param maxGapS      the widest gap between the two crashes of a coincidence, seconds
     * @param times        when (the earlier crash of each coincidence)
     * @param fingerprints crashes involved
     */
    public record Simultaneous(List<String> hosts, int occurrences, int windowS, double pValue, double expected,
                               long maxGapS, List<Instant> times, List<String> fingerprints) {
    }

    /**
     * An attribute over-represented among the hosts that had a crash.
     *
     * @param fingerprint     crash
     * @param attribute       "vcpus", "hypervisor", "driver", "module", "kernel", "memory", "hardware", "arch"
     * @param value           its value
     * @param affected        affected hosts with it
     * @param affectedTotal   affected hosts whose logs tell this attribute
     * @param unaffected      unaffected hosts with it
     * @param unaffectedTotal unaffected hosts whose logs tell this attribute
     * @param pValue          one-sided Fisher exact test
     */
    public record SharedAttribute(String fingerprint, String attribute, String value, int affected, int affectedTotal,
                                  int unaffected, int unaffectedTotal, double pValue) {
    }

    /** One host's events on the timeline: when, and which crash. */
    public record HostTimeline(String host, List<Instant> times, List<String> fingerprints) {
    }

    /**
     * @param mergeWindowS       incidents of one host this close are one event
     * @param todMinEvents       fewest timed events for a time-of-day test
     * @param todMaxP            Rayleigh p-value below which a cluster is reported
     * @param windowS            simultaneity window
     * @param simMinOccurrences  fewest coincidences for a pair to be reported
     * @param simMaxP            chance probability (after Bonferroni over all pairs) below which it is reported
     * @param attrMinAffected    fewest affected hosts for shared attributes
     * @param attrMaxP           Fisher p-value below which an attribute is reported
     */
    public record Thresholds(int mergeWindowS, int todMinEvents, double todMaxP, int windowS, int simMinOccurrences,
                             double simMaxP, int attrMinAffected, double attrMaxP) {

        public static Thresholds defaults(int windowS) {
            return new Thresholds(120, 4, 0.01, windowS, 2, 0.01, 2, 0.05);
        }
    }
}
