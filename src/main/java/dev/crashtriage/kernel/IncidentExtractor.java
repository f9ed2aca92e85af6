package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the records of one (input, host) stream into incidents and kernel facts, in one pass
 * with bounded memory.
 */
public final class IncidentExtractor {
    /** More incidents than this in one stream are counted but not kept. */
    public static final int MAX_INCIDENTS = 5000;

    private final List<Detector> detectors;
    private final FactsCollector facts = new FactsCollector();
    private final List<IncidentBuilder> found = new ArrayList<>();
    /** Made once: a bound method reference passed to every detector would be a new object per detector per line. */
    private final Consumer<IncidentBuilder> collector = this::collect;
    private long droppedIncidents;

    public IncidentExtractor() {
        this(Detectors.standard());
    }

    public IncidentExtractor(List<Detector> detectors) {
        this.detectors = List.copyOf(detectors);
    }

    public void accept(LogRecord record) {
        facts.accept(record);
        for (Detector d : detectors) {
            d.accept(record, collector);
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
        if (found.size() < MAX_INCIDENTS) {
            found.add(b);
        } else {
            droppedIncidents++;
        }
    }

    public Extraction finish() {
        for (Detector d : detectors) {
            d.finish(this::collect);
        }
        found.addAll(facts.finishIncidents());
        found.sort(Comparator.comparingLong((IncidentBuilder b) -> b.line).thenComparingLong(b -> b.endLine));
        KernelFacts kernelFacts = facts.finish();
        List<Incident> incidents = new ArrayList<>(found.size());
        int n = 1;
        for (IncidentBuilder b : found) {
            incidents.add(b.build("I" + n++, Fingerprint.of(b), bootOf(kernelFacts, b.line)));
        }
        var context = facts.contextCounts();
        if (droppedIncidents > 0) {
            context.put("incidents_not_kept", (int) Math.min(Integer.MAX_VALUE, droppedIncidents));
        }
        return new Extraction(kernelFacts, List.copyOf(incidents), context);
    }

    private static int bootOf(KernelFacts facts, long line) {
        int boot = 0;
        for (BootSession b : facts.boots()) {
            if (b.line() <= line) {
                boot = b.index();
            }
        }
        return boot;
    }
}
