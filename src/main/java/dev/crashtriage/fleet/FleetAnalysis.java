package dev.crashtriage.fleet;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes the {@link FleetReport} from what the store holds: crash events, distinct crashes, time-of-day
 * clusters, simultaneous crashes and shared attributes. Pure computation over the rows read; the
 * statistics are in {@link FleetStatistics}, the thresholds in {@link FleetReport.Thresholds}.
 */
public final class FleetAnalysis {
    /** An unclean reboot this soon after another event of the host is that event's aftermath. */
    private static final Duration AFTERMATH = Duration.ofMinutes(30);
    private static final String UNCLEAN_REBOOT = "unclean-reboot";

    private final FleetReport.Thresholds t;

    public FleetAnalysis(FleetReport.Thresholds thresholds) {
        this.t = thresholds;
    }

    /** One crash of one host: the incidents it printed, led by the one that names it best. */
    record Event(String host, StoredOccurrence lead, List<StoredOccurrence> all) {
        Instant instant() {
            return lead.instant();
        }

        String key() {
            return lead.crashKey();
        }
    }

    public FleetReport analyze(String store, Instant since, List<StoredOccurrence> occurrences,
                               Map<String, StoredHost> hosts) {
        List<Event> events = events(occurrences);
        Map<String, List<Event>> byCrash = new LinkedHashMap<>();
        for (Event e : events) {
            byCrash.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
        }
        List<FleetReport.Crash> crashes = new ArrayList<>();
        List<FleetReport.TimeOfDay> tod = new ArrayList<>();
        List<FleetReport.SharedAttribute> shared = new ArrayList<>();
        List<FleetReport.SharedSummary> summaries = new ArrayList<>();
        for (Map.Entry<String, List<Event>> e : byCrash.entrySet()) {
            FleetReport.Crash c = crash(e.getKey(), e.getValue(), hosts);
            crashes.add(c);
            FleetReport.TimeOfDay cluster = timeOfDay(c, e.getValue());
            if (cluster != null) {
                tod.add(cluster);
            }
            List<FleetReport.SharedAttribute> attrs = sharedAttributes(c, hosts);
            shared.addAll(attrs);
            FleetReport.SharedSummary sum = summary(c, attrs, hosts, testsOf(c, hosts));
            if (sum != null) {
                summaries.add(sum);
            }
        }
        crashes.sort(Comparator.comparingInt(FleetReport.Crash::count).reversed()
                .thenComparing(FleetReport.Crash::fingerprint));
        tod.sort(Comparator.comparingDouble(FleetReport.TimeOfDay::pValue));
        int untimed = (int) events.stream().filter(e -> e.instant() == null).count();
        return new FleetReport(store, since, hosts.size(), events.size(), occurrences.size(), untimed,
                timeNotes(events), List.copyOf(crashes), List.copyOf(tod), simultaneous(events, hosts),
                List.copyOf(shared), List.copyOf(summaries), timelines(events), t);
    }

    /** Incidents of one host within the merge window are one event; an unclean reboot right after joins it. */
    List<Event> events(List<StoredOccurrence> occurrences) {
        Map<String, List<StoredOccurrence>> byHost = new TreeMap<>();
        for (StoredOccurrence o : occurrences) {
            byHost.computeIfAbsent(o.host(), h -> new ArrayList<>()).add(o);
        }
        List<Event> out = new ArrayList<>();
        for (List<StoredOccurrence> list : byHost.values()) {
            List<StoredOccurrence> timed = new ArrayList<>();
            Map<String, List<StoredOccurrence>> untimed = new TreeMap<>();
            for (StoredOccurrence o : list) {
                if (o.instant() != null) {
                    timed.add(o);
                } else if (o.kernelTime() == null) {
                    out.add(new Event(o.host(), o, List.of(o))); // no time at all: its own event, never merged
                } else {
                    // no wall clock, but kernel time: merged within one boot of one input on the kernel's clock
                    untimed.computeIfAbsent(o.source() + "\0" + o.boot(), k -> new ArrayList<>()).add(o);
                }
            }
            timed.sort(Comparator.comparing(StoredOccurrence::instant).thenComparingLong(StoredOccurrence::firstLine));
            merge(timed, o -> (double) o.instant().getEpochSecond(), out);
            for (List<StoredOccurrence> boot : untimed.values()) {
                boot.sort(Comparator.comparing(StoredOccurrence::kernelTime).thenComparingLong(StoredOccurrence::firstLine));
                merge(boot, StoredOccurrence::kernelTime, out);
            }
        }
        out.sort(Comparator.comparing((Event e) -> e.instant() == null ? Instant.MAX : e.instant())
                .thenComparing(Event::host));
        return out;
    }

    /** Merges one host's occurrences, sorted on {@code seconds}' clock, into events. */
    private void merge(List<StoredOccurrence> sorted, java.util.function.ToDoubleFunction<StoredOccurrence> seconds,
                       List<Event> out) {
        List<StoredOccurrence> group = new ArrayList<>();
        double groupStart = 0;
        for (StoredOccurrence o : sorted) {
            double at = seconds.applyAsDouble(o);
            boolean joins = !group.isEmpty()
                    && (at - groupStart <= t.mergeWindowS()
                    || UNCLEAN_REBOOT.equals(o.kind())
                    && at - seconds.applyAsDouble(group.get(group.size() - 1)) <= AFTERMATH.getSeconds());
            if (!joins && !group.isEmpty()) {
                out.add(event(group));
                group = new ArrayList<>();
            }
            if (group.isEmpty()) {
                groupStart = at;
            }
            group.add(o);
        }
        if (!group.isEmpty()) {
            out.add(event(group));
        }
    }

    /** The lead: the first whole report with a fingerprint, not an unclean reboot; else the first. */
    private static Event event(List<StoredOccurrence> group) {
        StoredOccurrence lead = null;
        for (StoredOccurrence o : group) {
            if (!UNCLEAN_REBOOT.equals(o.kind()) && o.fingerprint() != null && o.lastLine() > o.firstLine()
                    && !o.title().contains("corrupted")) {
                lead = o;
                break;
            }
        }
        if (lead == null) {
            for (StoredOccurrence o : group) {
                if (!UNCLEAN_REBOOT.equals(o.kind())) {
                    lead = o;
                    break;
                }
            }
        }
        return new Event(group.get(0).host(), lead == null ? group.get(0) : lead, List.copyOf(group));
    }

    private static FleetReport.Crash crash(String key, List<Event> events, Map<String, StoredHost> hosts) {
        Set<String> hostNames = new TreeSet<>();
        Set<String> kernels = new TreeSet<>(FleetAnalysis::compareVersions);
        Map<String, Integer> causes = new LinkedHashMap<>();
        Map<LocalDate, Integer> perDay = new TreeMap<>();
        int[] hours = new int[24];
        LocalDateTime first = null;
        LocalDateTime last = null;
        for (Event e : events) {
            hostNames.add(e.host());
            StoredOccurrence o = e.lead();
            if (o.kernelRelease() != null) {
                kernels.add(o.kernelRelease());
            }
            for (StoredOccurrence any : e.all()) {
                for (StoredOccurrence.StoredCause c : any.causes()) {
                    if (!c.signature().startsWith("unexplained")) {
                        causes.merge(c.signature(), 1, Integer::sum);
                    }
                }
            }
            if (o.local() != null) {
                perDay.merge(o.local().toLocalDate(), 1, Integer::sum);
                hours[o.local().getHour()]++;
                first = first == null || o.local().isBefore(first) ? o.local() : first;
                last = last == null || o.local().isAfter(last) ? o.local() : last;
            }
        }
        Set<String> drivers = new TreeSet<>();
        for (String h : hostNames) {
            StoredHost sh = hosts.get(h);
            if (sh != null) {
                drivers.addAll(sh.attributes().getOrDefault("driver", Set.of()));
            }
        }
        List<String> topCauses = causes.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).map(Map.Entry::getKey).limit(3).toList();
        StoredOccurrence lead = events.get(0).lead();
        return new FleetReport.Crash(key, lead.title(), lead.kind(), events.size(), List.copyOf(hostNames), first, last,
                List.copyOf(kernels), kernels.isEmpty() ? null : kernels.iterator().next(), List.copyOf(drivers),
                topCauses, perDay, hours);
    }

    private FleetReport.TimeOfDay timeOfDay(FleetReport.Crash c, List<Event> events) {
        List<Double> angles = new ArrayList<>();
        for (Event e : events) {
            if (e.lead().local() != null) {
                angles.add(2 * Math.PI * e.lead().local().toLocalTime().toSecondOfDay() / 86400.0);
            }
        }
        if (angles.size() < t.todMinEvents()) {
            return null;
        }
        double[] a = angles.stream().mapToDouble(Double::doubleValue).toArray();
        double p = FleetStatistics.rayleighP(a);
        if (p >= t.todMaxP()) {
            return null;
        }
        int best = 0;
        for (int h = 1; h < 24; h++) {
            if (c.hourCounts()[h] > c.hourCounts()[best]) {
                best = h;
            }
        }
        double meanHour = FleetStatistics.meanAngle(a) * 24 / (2 * Math.PI);
        return new FleetReport.TimeOfDay(c.fingerprint(), c.title(), best, c.hourCounts()[best], a.length, p, meanHour);
    }

    /**
     * Pairs of hosts whose events fell within the window of each other, more often than two independent
     * Poisson processes at each host's own rate (over the span both were observed) would give.
     */
    private List<FleetReport.Simultaneous> simultaneous(List<Event> events, Map<String, StoredHost> hosts) {
        Map<String, List<Event>> byHost = new TreeMap<>();
        for (Event e : events) {
            if (e.instant() != null) {
                byHost.computeIfAbsent(e.host(), h -> new ArrayList<>()).add(e);
            }
        }
        List<String> names = new ArrayList<>(byHost.keySet());
        int pairs = names.size() * (names.size() - 1) / 2;
        List<FleetReport.Simultaneous> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                FleetReport.Simultaneous s = pair(names.get(i), names.get(j), byHost, hosts, pairs);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        out.sort(Comparator.comparingDouble(FleetReport.Simultaneous::pValue));
        return List.copyOf(out);
    }

    private FleetReport.Simultaneous pair(String a, String b, Map<String, List<Event>> byHost,
                                          Map<String, StoredHost> hosts, int pairs) {
        List<Event> ea = byHost.get(a);
        List<Event> eb = byHost.get(b);
        List<Instant> times = new ArrayList<>();
        Set<String> fps = new LinkedHashSet<>();
        long maxGap = 0;
        Set<Integer> usedB = new java.util.HashSet<>();
        for (Event x : ea) {
            for (int k = 0; k < eb.size(); k++) {
                Event y = eb.get(k);
                long gap = Math.abs(Duration.between(x.instant(), y.instant()).getSeconds());
                if (gap <= t.windowS() && !usedB.contains(k)) {
                    usedB.add(k);
                    times.add(x.instant().isBefore(y.instant()) ? x.instant() : y.instant());
                    fps.add(x.key());
                    fps.add(y.key());
                    maxGap = Math.max(maxGap, gap);
                    break;
                }
            }
        }
        if (times.size() < t.simMinOccurrences()) {
            return null;
        }
        // the span both hosts were observed: their logs' spans, else their first to last event
        Instant[] sa = span(hosts.get(a), ea);
        Instant[] sb = span(hosts.get(b), eb);
        Instant from = sa[0].isAfter(sb[0]) ? sa[0] : sb[0];
        Instant to = sa[1].isBefore(sb[1]) ? sa[1] : sb[1];
        double seconds = Math.max(Duration.between(from, to).getSeconds(), 2.0 * t.windowS());
        long na = ea.stream().filter(e -> !e.instant().isBefore(from) && !e.instant().isAfter(to)).count();
        long nb = eb.stream().filter(e -> !e.instant().isBefore(from) && !e.instant().isAfter(to)).count();
        double expected = (double) na * nb * (2.0 * t.windowS()) / seconds;
        double p = Math.min(1.0, FleetStatistics.poissonUpperTail(times.size(), expected) * Math.max(1, pairs));
        if (p >= t.simMaxP()) {
            return null;
        }
        return new FleetReport.Simultaneous(List.of(a, b), times.size(), t.windowS(), p, expected, maxGap,
                List.copyOf(times), List.copyOf(fps));
    }

    private static Instant[] span(StoredHost h, List<Event> events) {
        Instant first = events.get(0).instant();
        Instant last = events.get(events.size() - 1).instant();
        if (h != null && h.spanStart() != null && h.spanStart().isBefore(first)) {
            first = h.spanStart();
        }
        if (h != null && h.spanEnd() != null && h.spanEnd().isAfter(last)) {
            last = h.spanEnd();
        }
        return new Instant[] {first, last};
    }

    /**
     * The attributes compared. Not "arch": outside a crash's register dump a log seldom tells it, so it is
     * known mostly for hosts that crashed, and comparing it would find what crashed rather than why.
     */
    private static final Set<String> TESTED =
            Set.of("hypervisor", "driver", "vcpus", "kernel", "hardware", "memory", "module");

    /** How many attribute values a crash's affected hosts were tested on (for the headline's Bonferroni bound). */
    private static int testsOf(FleetReport.Crash c, Map<String, StoredHost> hosts) {
        Set<String> values = new java.util.HashSet<>();
        for (String h : c.hosts()) {
            StoredHost sh = hosts.get(h);
            if (sh != null) {
                sh.attributes().forEach((a, vs) -> {
                    if (TESTED.contains(a)) {
                        vs.forEach(v -> values.add(a + "\0" + v));
                    }
                });
            }
        }
        return Math.max(1, values.size());
    }

    /** Attribute order when p-values tie: what is likeliest to explain a crash first. */
    private static final List<String> ATTRIBUTE_ORDER =
            List.of("hypervisor", "driver", "vcpus", "kernel", "hardware", "memory", "module");

    /**
     * Attribute values of the affected hosts, ranked by Fisher's exact test against the unaffected. Each
     * attribute compares only hosts whose logs tell it (a host that never printed a module list is neither
     * with nor without a module).
     */
    private List<FleetReport.SharedAttribute> sharedAttributes(FleetReport.Crash c, Map<String, StoredHost> hosts) {
        Set<String> affected = new TreeSet<>(c.hosts());
        affected.retainAll(hosts.keySet());
        if (affected.size() < t.attrMinAffected() || hosts.size() == affected.size()) {
            return List.of();
        }
        Map<String, Integer> inAffected = new TreeMap<>();
        for (String h : affected) {
            for (Map.Entry<String, Set<String>> e : hosts.get(h).attributes().entrySet()) {
                if (!TESTED.contains(e.getKey())) {
                    continue;
                }
                for (String v : e.getValue()) {
                    inAffected.merge(e.getKey() + "\0" + v, 1, Integer::sum);
                }
            }
        }
        List<FleetReport.SharedAttribute> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : inAffected.entrySet()) {
            String[] av = e.getKey().split("\0", 2);
            int b = 0;
            int affectedKnown = 0;
            int unaffectedKnown = 0;
            for (StoredHost h : hosts.values()) {
                Set<String> values = h.attributes().get(av[0]);
                if (values == null) {
                    continue;
                }
                if (affected.contains(h.host())) {
                    affectedKnown++;
                } else {
                    unaffectedKnown++;
                    b += values.contains(av[1]) ? 1 : 0;
                }
            }
            if (unaffectedKnown == 0) {
                continue; // nothing to compare with
            }
            int a = e.getValue();
            double p = FleetStatistics.fisherGreater(a, affectedKnown, b, unaffectedKnown);
            if (p < t.attrMaxP()) {
                out.add(new FleetReport.SharedAttribute(c.fingerprint(), av[0], av[1], a, affectedKnown, b,
                        unaffectedKnown, p));
            }
        }
        out.sort(Comparator.comparingDouble((FleetReport.SharedAttribute s) -> roundP(s.pValue()))
                .thenComparingDouble(s -> -(double) s.affected() / s.affectedTotal()
                        + (double) s.unaffected() / s.unaffectedTotal())
                .thenComparingInt(s -> ATTRIBUTE_ORDER.indexOf(s.attribute()))
                .thenComparing(FleetReport.SharedAttribute::value));
        return out;
    }

    /** p-values equal to three significant digits tie (then the separation and the attribute order decide). */
    private static double roundP(double p) {
        return p == 0 ? 0 : Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", p));
    }

    /**
     * The values every affected host has (strongest first, at most four), and who else has them all. Only
     * attributes told by about as many unaffected hosts as the strongest one are combined, so that "0 of 23"
     * is not silently "0 of 3".
     */
    private FleetReport.SharedSummary summary(FleetReport.Crash c, List<FleetReport.SharedAttribute> attrs,
                                              Map<String, StoredHost> hosts, int tests) {
        // the headline needs its strongest attribute to hold after a Bonferroni correction over every value tested
        if (attrs.isEmpty() || attrs.get(0).pValue() * tests >= t.attrMaxP()) {
            return null;
        }
        List<FleetReport.SharedAttribute> all = new ArrayList<>();
        Set<String> seenAttr = new java.util.HashSet<>();
        int base = -1;
        for (FleetReport.SharedAttribute a : attrs) {
            if (a.affected() != a.affectedTotal() || a.affectedTotal() != c.hosts().size() || all.size() >= 4
                    || "none".equals(a.value())) {
                continue;
            }
            if (base < 0) {
                base = a.unaffectedTotal();
            } else if (a.unaffectedTotal() < 0.8 * base) {
                continue;
            }
            boolean multi = a.attribute().equals("module") || a.attribute().equals("driver");
            if (multi || seenAttr.add(a.attribute())) {
                all.add(a);
            }
        }
        if (all.isEmpty()) {
            return null;
        }
        int with = 0;
        int known = 0;
        for (StoredHost h : hosts.values()) {
            if (c.hosts().contains(h.host())) {
                continue;
            }
            boolean tells = true;
            boolean hasAll = true;
            for (FleetReport.SharedAttribute a : all) {
                Set<String> v = h.attributes().get(a.attribute());
                tells &= v != null;
                hasAll &= v != null && v.contains(a.value());
            }
            known += tells ? 1 : 0;
            with += tells && hasAll ? 1 : 0;
        }
        return new FleetReport.SharedSummary(c.fingerprint(), c.title(), List.copyOf(all), c.hosts().size(), with, known);
    }

    private static List<String> timeNotes(List<Event> events) {
        Map<String, Integer> notes = new TreeMap<>();
        for (Event e : events) {
            if (e.lead().timeNote() != null) {
                notes.merge(e.lead().timeNote(), 1, Integer::sum);
            }
        }
        List<String> out = new ArrayList<>();
        notes.forEach((n, k) -> out.add(k + (k == 1 ? " event: " : " events: ") + n));
        return List.copyOf(out);
    }

    private static List<FleetReport.HostTimeline> timelines(List<Event> events) {
        Map<String, List<Event>> byHost = new TreeMap<>();
        for (Event e : events) {
            if (e.instant() != null) {
                byHost.computeIfAbsent(e.host(), h -> new ArrayList<>()).add(e);
            }
        }
        List<FleetReport.HostTimeline> out = new ArrayList<>();
        byHost.forEach((h, list) -> out.add(new FleetReport.HostTimeline(h,
                list.stream().map(Event::instant).toList(), list.stream().map(Event::key).toList())));
        return List.copyOf(out);
    }

    /** Kernel releases in version order: numeric runs compared as numbers ("2.6.9" before "2.6.18"). */
    static int compareVersions(String x, String y) {
        String[] a = x.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)");
        String[] b = y.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            int c;
            if (Character.isDigit(a[i].charAt(0)) && Character.isDigit(b[i].charAt(0))) {
                c = new java.math.BigInteger(a[i]).compareTo(new java.math.BigInteger(b[i]));
            } else {
                c = a[i].compareTo(b[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.length, b.length);
    }
}
