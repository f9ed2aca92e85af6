package dev.crashtriage.signature;

import java.util.Locale;

/**
 * What a person should do about a cause, worst first. {@link #id()} is the word used in signature
 * files, JSON ("severity") and {@code --fail-on}.
 *
 * <ul>
 * <li>critical: the machine or its data is at risk now; act immediately (a crash, a dying disk);</li>
 * <li>high: a panic, a hang of the machine, or a failure that will recur; act today;</li>
 * <li>medium: degraded service or a problem to fix soon;</li>
 * <li>low: worth knowing, usually no action (a corrected error, a hot-plug, removable media);</li>
 * <li>info: routine (a journal replay after a clean snapshot mount).</li>
 * </ul>
 */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW,
    INFO;

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The severity a signature file names, or null for a word that is none. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static Severity fromId(String id) {
        for (Severity s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return null;
    }

    /** Whether this is as bad as {@code other} or worse. */
    public boolean atLeast(Severity other) {
        return ordinal() <= other.ordinal();
    }

    /** The worse of the two. */
    public Severity max(Severity other) {
        return atLeast(other) ? this : other;
    }

    @Override
    public String toString() {
        return id();
    }
}
