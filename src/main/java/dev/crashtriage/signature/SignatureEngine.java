package dev.crashtriage.signature;

import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.Extraction;

import java.util.List;

/** Compiled signatures; one {@link Evaluation} per (input, host) stream. Placeholder. */
public final class SignatureEngine {
    private final SignatureCatalog catalog;

    public SignatureEngine(SignatureCatalog catalog) {
        this.catalog = catalog;
    }

    public SignatureCatalog catalog() {
        return catalog;
    }

    public Evaluation start() {
        return new Evaluation();
    }

    /** The state of all signatures over one stream. */
    public static final class Evaluation {
        public void accept(LogRecord record) {
        }

        public List<Finding> finish(Extraction extraction) {
            return List.of();
        }
    }
}
