package dev.crashtriage.signature;

import java.util.List;

/** The signatures in force for a run: built-in ones, overridden or extended by the user's. Placeholder. */
public final class SignatureCatalog {
    public static SignatureCatalog builtIn() {
        return new SignatureCatalog();
    }

    public List<String> ids() {
        return List.of();
    }
}
