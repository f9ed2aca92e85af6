package dev.crashtriage.triage;

import dev.crashtriage.kernel.Extraction;
import dev.crashtriage.signature.Finding;
import dev.crashtriage.signature.SignatureCatalog;

import java.util.List;

/** Scores and orders the causes of one stream. Placeholder. */
public final class CauseRanker {
    private final SignatureCatalog catalog;

    public CauseRanker(SignatureCatalog catalog) {
        this.catalog = catalog;
    }

    public List<Cause> rank(List<Finding> findings, Extraction extraction) {
        return List.of();
    }
}
