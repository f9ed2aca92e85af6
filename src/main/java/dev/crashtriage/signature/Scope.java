package dev.crashtriage.signature;

/** Where all of a signature's selections must co-occur. */
public enum Scope {
    /** Anywhere in one (input, host) stream. */
    HOST,
    /** Within one boot session. */
    BOOT,
    /** Within one incident; lines selections see only its own lines. */
    INCIDENT
}
