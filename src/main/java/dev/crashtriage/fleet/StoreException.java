package dev.crashtriage.fleet;

/**
 * The fleet store could not be opened, read or written. The message is one line a user can act on
 * (what went wrong, with the store named); {@link #problem()} says which kind of failure, so the CLI can
 * pick the documented exit code and tests can tell a locked store from a full one.
 */
public final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What kind of failure. */
    public enum Problem {
        /** Another process holds the store's write lock for longer than we wait. */
        LOCKED,
        /** The disk (or the database's quota) is full. */
        FULL,
        /** The store or its disk is read-only, or we may not write it. */
        READ_ONLY,
        /** The store was written by a newer crashtriage (schema newer than this binary knows). */
        NEWER_SCHEMA,
        /** The file is not a crashtriage store (not SQLite, or another application's database). */
        NOT_A_STORE,
        /** The store could not be reached or opened (no server, no such directory, bad URL). */
        UNAVAILABLE,
        /** Anything else the database reported. */
        FAILED
    }

    private final Problem problem;

    public StoreException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public StoreException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
