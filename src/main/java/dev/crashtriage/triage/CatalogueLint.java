package dev.crashtriage.triage;

import dev.crashtriage.signature.Signature;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code signatures lint} checks beyond one file's own validity: ids that signatures name must
 * exist ({@code confused_with}), and each positive sample must mark exactly the lines its finding
 * cites (a cited line it does not mark means the signature's evidence and its sample disagree).
 */
public final class CatalogueLint {
    private final Set<String> known;

    /**
     * @param known ids a reference may name besides the checked catalogue's own: the built-in and user
     *              signatures in force and the fallback causes
     */
    public CatalogueLint(Set<String> known) {
        this.known = known;
    }

    /** The ids a reference can resolve to in a run: the catalogue's signatures and the fallback causes. */
    public static Set<String> idsInForce(SignatureCatalog inForce) {
        Set<String> ids = new LinkedHashSet<>(inForce.ids());
        ids.addAll(FallbackCauses.catalogue().keySet());
        return ids;
    }

    public List<SignatureException> check(SignatureCatalog catalog) {
        List<SignatureException> out = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>(known);
        ids.addAll(catalog.ids());
        SampleRunner runner = new SampleRunner();
        for (Signature s : catalog.signatures()) {
            for (Signature.ConfusedWith c : s.confusedWith()) {
                if (!ids.contains(c.id())) {
                    out.add(new SignatureException(s.file(), 1, 1, "confused_with names '" + c.id()
                            + "', which is no signature or fallback cause (see `crashtriage signatures list`)"));
                }
            }
            for (SampleRunner.Result r : runner.run(s)) {
                if (r.positive() && !r.unmarked().isEmpty()) {
                    out.add(new SignatureException(samplePath(s, r.sample()), 1, 1, "the finding cites line(s) "
                            + r.unmarked() + " that the sample does not mark with '" + SampleRunner.EVIDENCE_MARKER
                            + "': mark every line the cause cites, or fix the signature"));
                }
            }
        }
        return out;
    }

    private static String samplePath(Signature s, String sample) {
        Path p = s.path() == null ? null : s.path().resolveSibling(s.id()).resolve(sample);
        return p == null ? s.id() + "/" + sample : s.file().replaceFirst("\\.ya?ml$", "") + "/" + sample;
    }
}
