package dev.crashtriage.signature;

/** How a signature is judged. */
public enum Scope {
    /**
     * Once per incident of the kinds it explains, each selection looking where its {@code where}
     * says relative to that incident (the format without {@code match.scope}).
     */
    EXPLAINED,
    /** Legacy: anywhere in one (input, host) stream. */
    HOST,
    /** Legacy: within one boot session. */
    BOOT,
    /** Legacy: within one incident; lines selections see only its own lines. */
    INCIDENT
}
