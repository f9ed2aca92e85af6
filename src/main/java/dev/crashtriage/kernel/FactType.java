package dev.crashtriage.kernel;

/**
 * The type of an incident fact, as signatures and JSON consumers see it. Flags are the integers 0 and 1 (so that
 * {@code memcg == 1} reads naturally in a facts condition and JSON keeps a number).
 */
public enum FactType {
    /** A whole number (a count, a size in kB, seconds, a line number...). */
    INTEGER("integer", true),
    /** 0 or 1. */
    FLAG("flag", true),
    /** A word or short text (a device name, a driver, a GFP mask as printed). */
    TEXT("text", false),
    /** A list of texts in first-seen order (the devices an incident names). */
    TEXT_LIST("list of text", false),
    /** A list of tasks, each with comm, pid, state and the functions of its stack. */
    TASK_LIST("list of tasks", false);

    private final String id;
    private final boolean numeric;

    FactType(String id, boolean numeric) {
        this.id = id;
        this.numeric = numeric;
    }

    /** The name used in docs and lint messages. */
    public String id() {
        return id;
    }

    /** True when facts conditions may do arithmetic and ordered comparisons on it. */
    public boolean numeric() {
        return numeric;
    }
}
