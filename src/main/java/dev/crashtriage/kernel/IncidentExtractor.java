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
    /**
     * Events and the generic reports that may be their own WARNING or panic, held until the stream is
     * {@value #FOLD_HORIZON_LINES} lines past them, so that the two halves of one event are folded into one incident
     * before listeners hear it (kernel/EventFolding).
     */
    private List<Incident> held = new ArrayList<>();
    private static final int FOLD_HORIZON_LINES = 64;

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
     * computed on another thread), or {@link DetectorGate#ALL}. Two-step detectors run their stateless step here.
     */
    public void accept(LogRecord record, long woken) {
        accept(record, woken, null, false);
    }

    /**
     * One record with the gate's woken detectors and what it {@linkplain DetectorGate#prepare prepared} for the
     * two-step detectors among them (null: nothing), both possibly computed on another thread.
     */
    public void accept(LogRecord record, long woken, Object[] prepared) {
        accept(record, woken, prepared, true);
    }

    private void accept(LogRecord record, long woken, Object[] prepared, boolean wasPrepared) {
        facts.accept(record);
        Detector[] ds = detectorArray;
        for (int i = 0; i < ds.length; i++) {
            Detector d = ds[i];
            if ((woken & 1L << i) != 0 || d.holdsOpenState()) {
                if (wasPrepared && d instanceof TwoStepDetector t) {
                    // a line that does not wake a two-step detector holds nothing for it (its contract)
                    t.accept(record, prepared == null || (woken & 1L << i) == 0 ? null : prepared[i], collector);
                } else {
                    d.accept(record, collector);
                }
            }
        }
        hungTasks.tick(record, keeper);
        if (!held.isEmpty()) {
            releaseHeld(record.line());
        }
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
        if (EventFolding.mayFold(incident.kind())) {
            held.add(incident);
            return;
        }
        found.add(new Closed(b.line, b.endLine, incident));
        listener.incidentClosed(incident);
    }

    /** Folds the held incidents and lets go of those the stream is far enough past (all of them at its end). */
    private void releaseHeld(long now) {
        long oldestEnd = Long.MAX_VALUE;
        for (Incident i : held) {
            oldestEnd = Math.min(oldestEnd, i.endLine());
        }
        if (now != Long.MAX_VALUE && now - oldestEnd <= FOLD_HORIZON_LINES) {
            return;
        }
        held.sort(Comparator.comparingLong(Incident::line).thenComparingLong(Incident::endLine));
        List<Incident> folded = EventFolding.fold(held);
        List<Incident> still = new ArrayList<>();
        for (Incident i : folded) {
            if (now == Long.MAX_VALUE || now - i.endLine() > FOLD_HORIZON_LINES) {
                found.add(new Closed(i.line(), i.endLine(), i));
                listener.incidentClosed(i);
            } else {
                still.add(i);
            }
        }
        held = still;
    }

    public Extraction finish() {
        for (Detector d : detectors) {
            d.finish(collector);
        }
        hungTasks.flush(keeper);
        releaseHeld(Long.MAX_VALUE);
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
