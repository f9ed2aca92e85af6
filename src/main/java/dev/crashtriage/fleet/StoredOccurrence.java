package dev.crashtriage.fleet;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

/**
 * One incident occurrence as the store holds it: what the fleet report reads.
 *
 * @param host           host name
 * @param source         the input it was read from
 * @param boot           boot index within that input
 * @param kind           incident kind id
 * @param title          title
 * @param fingerprint    fingerprint (null for incidents without one)
 * @param fingerprintVersion the fingerprint scheme's version
 * @param local          local time of the log, or null when the log gave none
 * @param instant        the time on the fleet axis, or null
 * @param timeNote       what was guessed about the time, or null
 * @param kernelTime     kernel (monotonic) seconds, or null
 * @param kernelRelease  kernel release at the time, or null
 * @param firstLine      first line in the source
 * @param lastLine       last line
 * @param modules        modules the incident listed
 * @param causes         causes recorded against it, best first
 */
public record StoredOccurrence(String host, String source, int boot, String kind, String title, String fingerprint,
                               int fingerprintVersion, LocalDateTime local, Instant instant, String timeNote,
                               Double kernelTime, String kernelRelease, long firstLine, long lastLine, List<String> modules,
                               List<StoredCause> causes) {

    /** A cause recorded against an occurrence. */
    public record StoredCause(String signature, String title, double confidence) {
    }

    /** What groups occurrences into one distinct crash: the fingerprint, else the kind and title. */
    public String crashKey() {
        return fingerprint != null ? fingerprint : kind + ":" + title;
    }
}
