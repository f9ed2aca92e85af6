package dev.crashtriage.fleet;

import dev.crashtriage.render.ControlCharEscaper;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The fleet report for a terminal. Every string from a log goes through the control-character escaper. */
public final class FleetTextRenderer {
    private FleetTextRenderer() {
    }

    public static void render(FleetReport r, PrintWriter out) {
        FleetReport.Thresholds t = r.thresholds();
        out.println("Fleet report: " + r.hosts() + " hosts, " + r.events() + " crash events (" + r.occurrences()
                + " incidents) in " + e(r.store()) + (r.since() == null ? "" : ", since " + FleetWording.utc(r.since())));
        for (String n : r.timeNotes()) {
            out.println("  times: " + e(n));
        }
        if (r.untimed() > 0) {
            out.println("  " + r.untimed() + " events have no wall-clock time: counted, but not in time of day or simultaneity");
        }
        out.println();
        out.println("Crashes (" + r.crashes().size() + " distinct)");
        if (r.crashes().isEmpty()) {
            out.println("  none recorded" + (r.since() == null ? "" : " in this period"));
        }
        for (FleetReport.Crash c : r.crashes()) {
            out.println("  " + c.count() + "x  " + e(c.title()) + "  [" + e(c.fingerprint()) + "]");
            out.println("      hosts (" + c.hosts().size() + "): " + e(FleetWording.hostsList(c.hosts(), 8)));
            if (c.firstSeen() == null) {
                out.println("      no wall-clock time in the log");
            } else {
                out.println("      first " + FleetWording.local(c.firstSeen()) + ", last " + FleetWording.local(c.lastSeen())
                        + " (local time of the log)");
            }
            if (!c.kernels().isEmpty()) {
                out.println("      kernels: " + e(String.join(", ", c.kernels())) + " (first release: "
                        + e(c.firstRelease()) + ")");
            }
            if (!c.drivers().isEmpty()) {
                out.println("      driver versions on these hosts: " + e(String.join(", ", c.drivers())));
            }
            if (!c.causes().isEmpty()) {
                out.println("      likely cause: " + e(String.join(", ", c.causes())));
            }
            if (!c.perDay().isEmpty()) {
                out.println("      per day: " + c.perDay().entrySet().stream().map(d -> d.getKey() + " " + d.getValue())
                        .collect(Collectors.joining(", ")));
            }
        }
        out.println();
        out.println("Time of day (Rayleigh test over the hours of each crash's events; reported when p < "
                + t.todMaxP() + " with at least " + t.todMinEvents() + " events)");
        if (r.timeOfDay().isEmpty()) {
            out.println("  no crash clusters in an hour of the day");
        }
        for (FleetReport.TimeOfDay d : r.timeOfDay()) {
            out.println("  " + e(d.title()) + ": " + FleetWording.timeOfDay(d) + "; p = " + FleetWording.p(d.pValue()));
        }
        out.println();
        out.println("Simultaneous crashes (distinct hosts within " + t.windowS() + " s, at least " + t.simMinOccurrences()
                + " times; chance from a Poisson model of each host's own crash rate, Bonferroni over all pairs, p < "
                + t.simMaxP() + ")");
        if (r.simultaneous().isEmpty()) {
            out.println("  no hosts crashed together more often than chance");
        }
        for (FleetReport.Simultaneous s : r.simultaneous()) {
            out.println("  " + e(FleetWording.simultaneous(s)));
            out.println("      p = " + FleetWording.p(s.pValue()) + " (" + String.format(java.util.Locale.ROOT, "%.2g",
                    s.expected()) + " expected by chance); at " + s.times().stream().map(FleetWording::utc)
                    .collect(Collectors.joining(", ")));
        }
        out.println();
        out.println("What the crashing hosts share (Fisher's exact test against the other hosts whose logs tell the "
                + "attribute; p < " + t.attrMaxP() + ", at least " + t.attrMinAffected() + " affected hosts)");
        if (r.sharedSummaries().isEmpty() && r.sharedAttributes().isEmpty()) {
            out.println("  nothing sets the affected hosts apart");
        }
        Map<String, List<FleetReport.SharedAttribute>> byCrash = r.sharedAttributes().stream()
                .collect(Collectors.groupingBy(FleetReport.SharedAttribute::fingerprint, java.util.LinkedHashMap::new,
                        Collectors.toList()));
        for (FleetReport.Crash c : r.crashes()) {
            List<FleetReport.SharedAttribute> attrs = byCrash.get(c.fingerprint());
            if (attrs == null) {
                continue;
            }
            out.println("  " + e(c.title()) + ":");
            r.sharedSummaries().stream().filter(s -> s.fingerprint().equals(c.fingerprint()))
                    .forEach(s -> out.println("      " + e(FleetWording.shared(s))));
            for (FleetReport.SharedAttribute a : attrs.subList(0, Math.min(6, attrs.size()))) {
                out.println("      " + e(FleetWording.attribute(a)));
            }
        }
        out.flush();
    }

    private static String e(String s) {
        return s == null ? "-" : ControlCharEscaper.escape(s);
    }
}
