package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the records of one (input, host) stream into incidents and kernel facts, in one pass
 * with bounded memory. A {@link Listener} hears each kept incident as its detector closes it and
 * each boot as the next one starts; {@link #finish()} then numbers the incidents by first line.
 */
public final class IncidentExtractor {
    /** More incidents than this in one stream are counted but not kept. */
    public static final int MAX_INCIDENTS = 5000;

    private final List<Detector> detectors;
    private final Detector[] detectorArray;
    private final DetectorGate gate;
    private final FactsCollector facts = new FactsCollector();
    private final List<Closed> found = new ArrayList<>();
    private final Listener listener;
    private final List<Closed> factIncidents = new ArrayList<>();
    private int bootsHeard;
    /** Made once: a bound method reference passed to every detector would be a new object per detector per line. */
    private final Consumer<IncidentBuilder> collector = this::collect;
    /** Folds one khungtaskd pass of hung-task reports into one episode before incidents are kept. */
    private final HungTaskEpisodes hungTasks = new HungTaskEpisodes();
    private final Consumer<IncidentBuilder> keeper = this::keepBounded;
    private long droppedIncidents;

    public IncidentExtractor() {
        this(Detectors.standard());
    }

    public IncidentExtractor(List<Detector> detectors) {
        this(detectors, Listener.NONE);
    }

    public IncidentExtractor(List<Detector> detectors, Listener listener) {
        this.detectors = List.copyOf(detectors);
        this.detectorArray = this.detectors.toArray(new Detector[0]);
        this.gate = new DetectorGate(this.detectors);
        this.listener = listener;
    }

    /** Hears what the extractor closes while the stream is still being read. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /**
         * A kept incident, complete; its {@link Incident#id()} is null until {@link #finish()} numbers the
         * stream's incidents by first line (detectors close them in their own order).
         */
        default void incidentClosed(Incident incident) {
        }

        /** A boot ended: the next one started, or the stream ended. */
        default void bootClosed(BootSession boot) {
        }
    }

    public void accept(LogRecord record) {
        accept(record, gate.woken(record.text()));
    }

    /**
     * One record with what a {@link DetectorGate} built from the same detectors, in order, says of its text (possibly
     * computed on another thread), or {@link DetectorGate#ALL}.
     */
    public void accept(LogRecord record, long woken) {
        facts.accept(record);
        Detector[] ds = detectorArray;
        for (int i = 0; i < ds.length; i++) {
            Detector d = ds[i];
            if ((woken & 1L << i) != 0 || d.holdsOpenState()) {
                d.accept(record, collector);
            }
        }
        hungTasks.tick(record, keeper);
        if (facts.closedBoots().size() != bootsHeard) {
            announceBoots(facts.closedBoots());
        }
        if (facts.factIncidents().size() != factIncidents.size()) {
            keepFactIncidents();
        }
    }

    /** Unclean reboots: complete as soon as the next boot starts, kept apart so finish() orders them as before. */
    private void keepFactIncidents() {
        List<IncidentBuilder> all = facts.factIncidents();
        while (factIncidents.size() < all.size()) {
            IncidentBuilder b = all.get(factIncidents.size());
            Closed c = new Closed(b.line, b.endLine, b.build(null, Fingerprint.of(b), facts.bootOf(b.line)));
            factIncidents.add(c);
            listener.incidentClosed(c.incident());
        }
    }

    private void announceBoots(List<BootSession> boots) {
        while (bootsHeard < boots.size()) {
            listener.bootClosed(boots.get(bootsHeard++));
        }
    }

    /**
     * The boot (0-based) of the record last accepted, final once it is seen: streaming consumers (the signature
     * engine's per-boot counts) read it instead of splitting boots themselves.
     */
    public int currentBoot() {
        return facts.currentBoot();
    }

    private void collect(IncidentBuilder b) {
        hungTasks.offer(b, keeper);
    }

    private void keepBounded(IncidentBuilder b) {
        if (found.size() < MAX_INCIDENTS) {
            keep(b);
        } else {
            droppedIncidents++;
        }
    }

    private void keep(IncidentBuilder b) {
        // built now, with its boot (already known: every boot that starts at or before its first line has
        // begun), so listeners get it while the stream goes on; finish() only gives it its number
        Incident incident = b.build(null, Fingerprint.of(b), facts.bootOf(b.line));
        found.add(new Closed(b.line, b.endLine, incident));
        listener.incidentClosed(incident);
    }

    public Extraction finish() {
        for (Detector d : detectors) {
            d.finish(collector);
        }
        hungTasks.flush(keeper);
        // unclean reboots are bounded by the boot cap, not the incident cap
        keepFactIncidents();
        found.addAll(factIncidents);
        found.sort(Comparator.comparingLong(Closed::line).thenComparingLong(Closed::endLine));
        KernelFacts kernelFacts = facts.finish();
        announceBoots(kernelFacts.boots());
        List<Incident> incidents = new ArrayList<>(found.size());
        int n = 1;
        for (Closed c : found) {
            incidents.add(c.incident().withId("I" + n++));
        }
        var context = facts.contextCounts();
        if (droppedIncidents > 0) {
            context.put("incidents_not_kept", (int) Math.min(Integer.MAX_VALUE, droppedIncidents));
        }
        return new Extraction(kernelFacts, List.copyOf(incidents), context);
    }

    /** A closed incident with the lines it is ordered by. */
    private record Closed(long line, long endLine, Incident incident) {
    }
}
