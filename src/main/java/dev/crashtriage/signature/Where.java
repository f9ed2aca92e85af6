package dev.crashtriage.signature;

/**
 * Where a selection of an incident-bound signature looks, relative to the incident being
 * explained (docs/signature-format.md, "Where a selection looks").
 */
public enum Where {
    /** The explained incident itself: its own report lines, its own facts. */
    INCIDENT("incident"),
    /** The same boot, before the incident's first line (within the selection's window, if it has one). */
    BEFORE("before"),
    /** The same boot, after the incident's last line (within the window). */
    AFTER("after"),
    /** The same boot, before, inside or after the incident (within the window either side). */
    AROUND("around"),
    /** Anywhere in the same boot. */
    BOOT("boot"),
    /** Anywhere in the boot before the incident's (for an incident that is a reboot: what the last boot ended with). */
    PREVIOUS_BOOT("previous_boot"),
    /** Anywhere in the host's stream: only for facts about the host (platform, versions, modules). */
    HOST("host");

    private final String id;

    Where(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The value named in a signature file, or null. */
    public static Where fromId(String id) {
        for (Where w : values()) {
            if (w.id.equals(id)) {
                return w;
            }
        }
        return null;
    }

    /** Whether a selection here looks at other records or incidents of the boot, which the window bounds. */
    public boolean windowed() {
        return this == BEFORE || this == AFTER || this == AROUND;
    }
}
