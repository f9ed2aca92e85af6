package dev.crashtriage.fleet;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Places a log's wall-clock text on the fleet's time axis.
 *
 * <p>Logs often leave out what a fleet needs: BSD syslog has no year and no zone, {@code dmesg -T} no zone.
 * So each time is kept twice: as the <em>local time of the log</em> (what the host's clock printed, which is
 * what "every night at 22:00" is about) and as an instant for comparing hosts. A missing year is the latest
 * year that does not put the date after the reference time (the file's modification time, or the time of
 * ingest) by more than a day; a missing zone is taken as UTC. Both guesses are recorded in a note, and the
 * report says so.
 */
public final class WallClock {
    /** "2023-03-14T02:31:52.123+01:00", "--03-14T02:31:52" (syslog without year), "2023-03-14 02:31:52Z". */
    private static final Pattern ISO = Pattern.compile(
            "^(?:(\\d{4})-|--)?(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2}):(\\d{2})(?:[.,]\\d+)?\\s*(Z|[+-]\\d{2}:?\\d{2})?");

    /** A wall time placed on the axis. */
    public record Placed(LocalDateTime local, Instant instant, boolean yearInferred, boolean zoneAssumed) {

        /** Seconds since 00:00 of the log's local clock. */
        public int secondOfDay() {
            return local.toLocalTime().toSecondOfDay();
        }

        /** What was guessed, in words; null when nothing was. */
        public String note() {
            if (yearInferred && zoneAssumed) {
                return "year and zone not in the log: year inferred, zone taken as UTC";
            }
            if (yearInferred) {
                return "year not in the log: inferred";
            }
            return zoneAssumed ? "zone not in the log: taken as UTC" : null;
        }
    }

    private WallClock() {
    }

    /** Null when the text is null or unreadable. */
    public static Placed place(String wall, Instant reference) {
        if (wall == null) {
            return null;
        }
        Matcher m = ISO.matcher(wall.strip());
        if (!m.lookingAt()) {
            return null;
        }
        try {
            int month = Integer.parseInt(m.group(2));
            int day = Integer.parseInt(m.group(3));
            int hh = Integer.parseInt(m.group(4));
            int mm = Integer.parseInt(m.group(5));
            int ss = Math.min(59, Integer.parseInt(m.group(6)));
            boolean yearInferred = m.group(1) == null;
            int year = yearInferred ? inferYear(month, day, reference) : Integer.parseInt(m.group(1));
            LocalDateTime local = LocalDateTime.of(year, month, day, hh, mm, ss);
            String zone = m.group(7);
            ZoneOffset offset = zone == null ? ZoneOffset.UTC
                    : ZoneOffset.of(zone.equals("Z") ? "Z" : zone.length() == 5 ? zone.substring(0, 3) + ":" + zone.substring(3) : zone);
            return new Placed(local, local.toInstant(offset), yearInferred, zone == null);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** The latest year in which month/day is not more than a day after the reference. */
    static int inferYear(int month, int day, Instant reference) {
        LocalDate ref = LocalDate.ofInstant(reference, ZoneOffset.UTC).plusDays(1);
        int year = ref.getYear();
        for (int i = 0; i < 8; i++, year--) {
            // Feb 29 exists only in leap years: walk back until the date exists and is not in the future
            try {
                if (!LocalDate.of(year, month, day).isAfter(ref)) {
                    return year;
                }
            } catch (DateTimeException e) {
                // not a date this year
            }
        }
        return ref.getYear() - 1;
    }
}
