package dev.crashtriage.fleet;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The sentences the fleet report is made of, shared by its text and HTML forms. */
final class FleetWording {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private FleetWording() {
    }

    /** "5 of 5 crashes between 22:00 and 23:00 (local time of the log)". */
    static String timeOfDay(FleetReport.TimeOfDay t) {
        return t.count() + " of " + t.total() + " crashes between " + hh(t.hour()) + " and " + hh((t.hour() + 1) % 24)
                + " (local time of the log)";
    }

    static String hh(int hour) {
        return String.format(Locale.ROOT, "%02d:00", hour);
    }

    /** "web1 and web2 crashed within 3 s of each other 4 times: suspect a shared trigger (...)". */
    static String simultaneous(FleetReport.Simultaneous s) {
        return s.hosts().get(0) + " and " + s.hosts().get(1) + " crashed within " + s.maxGapS() + " s of each other "
                + s.occurrences() + " times: suspect a shared trigger (network, power, storage, a common workload)";
    }

    /** "all 5 affected hosts have 2 vCPUs, run on VMware, ...; 0 of 23 unaffected hosts do". */
    static String shared(FleetReport.SharedSummary s) {
        List<String> parts = new ArrayList<>();
        boolean guest = s.attributes().stream().anyMatch(a -> a.attribute().equals("hypervisor"));
        for (FleetReport.SharedAttribute a : s.attributes()) {
            String p = phrase(a.attribute(), a.value());
            parts.add(guest && a.attribute().equals("vcpus") ? p.replace(" CPU", " vCPU") : p);
        }
        String who = s.affected() == 1 ? "the 1 affected host" : (s.affected() == 2 ? "both" : "all " + s.affected())
                + " affected hosts";
        return who + " " + String.join(", ", parts) + "; " + s.unaffectedWithAll() + " of " + s.unaffectedKnown()
                + " unaffected hosts " + (s.unaffectedWithAll() == 1 ? "does" : "do");
    }

    static String phrase(String attribute, String value) {
        return switch (attribute) {
            case "vcpus" -> "have " + value + (value.equals("1") ? " CPU" : " CPUs");
            case "hypervisor" -> "run on " + value;
            case "driver" -> "run driver " + value;
            case "module" -> "load module " + value;
            case "kernel" -> "run kernel " + value;
            case "memory" -> "have " + value + " of memory";
            case "hardware" -> "are " + value;
            case "arch" -> "are " + value;
            default -> "have " + attribute + " " + value;
        };
    }

    static String attribute(FleetReport.SharedAttribute a) {
        return a.attribute() + " " + a.value() + ": " + a.affected() + " of " + a.affectedTotal() + " affected, "
                + a.unaffected() + " of " + a.unaffectedTotal() + " unaffected (Fisher p = " + p(a.pValue()) + ")";
    }

    static String p(double p) {
        if (p == 0) {
            return "0";
        }
        return p >= 0.001 ? String.format(Locale.ROOT, "%.3f", p) : String.format(Locale.ROOT, "%.1e", p);
    }

    static String local(LocalDateTime t) {
        return t == null ? "-" : MINUTE.format(t);
    }

    static String utc(Instant t) {
        return t == null ? "-" : MINUTE.format(t.atOffset(ZoneOffset.UTC)) + "Z";
    }

    static String hostsList(List<String> hosts, int max) {
        if (hosts.size() <= max) {
            return String.join(", ", hosts);
        }
        return String.join(", ", hosts.subList(0, max)) + " and " + (hosts.size() - max) + " more";
    }

    static String duration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return d.toDays() > 0 ? d.toDays() + " d" : d.toHours() > 0 ? d.toHours() + " h" : seconds + " s";
    }
}
