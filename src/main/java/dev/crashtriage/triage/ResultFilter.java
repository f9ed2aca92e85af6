package dev.crashtriage.triage;

import dev.crashtriage.signature.Signature;
import dev.crashtriage.signature.SignatureCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which causes a run reports: {@code --signature} / {@code --exclude-signature} (ids or areas) and
 * {@code --min-confidence}. The catalogue is narrowed before the run (a signature left out is never
 * evaluated); causes built from facts, which have no signature file, are kept or dropped by id here.
 * What is left is ranked again from 1.
 *
 * @param only          ids or areas to keep (empty: all)
 * @param excluded      ids or areas to drop
 * @param minConfidence causes below it are dropped
 */
public record ResultFilter(Set<String> only, Set<String> excluded, double minConfidence) {

    public static ResultFilter none() {
        return new ResultFilter(Set.of(), Set.of(), 0);
    }

    public boolean isNone() {
        return only.isEmpty() && excluded.isEmpty() && minConfidence <= 0;
    }

    /** Names given that are neither a signature id nor an area of the catalogue, nor a generic cause id. */
    public List<String> unknownNames(SignatureCatalog catalog) {
        List<String> out = new ArrayList<>();
        for (String n : concat()) {
            boolean known = FallbackCauses.ids().contains(n)
                    || catalog.signatures().stream().anyMatch(s -> s.id().equals(n) || n.equals(s.area()));
            if (!known) {
                out.add(n);
            }
        }
        return out;
    }

    private List<String> concat() {
        List<String> all = new ArrayList<>(only);
        all.addAll(excluded);
        return all;
    }

    public SignatureCatalog narrow(SignatureCatalog catalog) {
        if (only.isEmpty() && excluded.isEmpty()) {
            return catalog;
        }
        List<Signature> kept = new ArrayList<>();
        for (Signature s : catalog.signatures()) {
            if (keeps(s.id(), s.area())) {
                kept.add(s);
            }
        }
        return SignatureCatalog.of(kept);
    }

    private boolean keeps(String id, String area) {
        if (!only.isEmpty() && !only.contains(id) && (area == null || !only.contains(area))) {
            return false;
        }
        return !excluded.contains(id) && (area == null || !excluded.contains(area));
    }

    /** The result with only the causes kept, ranked again; the same object when nothing is dropped. */
    public HostResult apply(HostResult r, SignatureCatalog catalog) {
        if (isNone()) {
            return r;
        }
        List<Cause> kept = new ArrayList<>();
        for (Cause c : r.causes()) {
            Signature s = catalog.get(c.signature());
            if (c.confidence() + 1e-9 >= minConfidence && keeps(c.signature(), s == null ? null : s.area())) {
                kept.add(c.withRank(kept.size() + 1));
            }
        }
        if (kept.size() == r.causes().size() && kept.equals(r.causes())) {
            return r;
        }
        return new HostResult(r.source(), r.host(), r.format(), r.lines(), r.kernel(), r.incidents(), List.copyOf(kept),
                r.context(), r.problems());
    }

    /** At most {@code top} causes (the report's view; the gate has already seen them all). */
    public static HostResult top(HostResult r, int top) {
        if (top <= 0 || r.causes().size() <= top) {
            return r;
        }
        return new HostResult(r.source(), r.host(), r.format(), r.lines(), r.kernel(), r.incidents(),
                List.copyOf(r.causes().subList(0, top)), r.context(), r.problems());
    }
}
