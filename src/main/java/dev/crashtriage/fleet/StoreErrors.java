package dev.crashtriage.fleet;

import java.sql.SQLException;

/** Turns what the JDBC driver threw into one line a user can act on, and the kind of failure. */
final class StoreErrors {
    private StoreErrors() {
    }

    static StoreException translate(SQLException e, StoreLocation at, String doing) {
        StoreException.Problem p = at.dialect() == Dialect.SQLITE ? sqlite(e) : postgres(e);
        String where = at.dialect().label() + " store " + at.display();
        String msg = switch (p) {
            case LOCKED -> where + " is locked by another writer (waited, gave up while " + doing
                    + "); try again when it has finished";
            case FULL -> "the disk under " + where + " is full (while " + doing + "); nothing of this input was recorded";
            case READ_ONLY -> where + " is read-only (while " + doing + "); give a writable --store";
            case NOT_A_STORE -> at.display() + " is not a crashtriage store (" + firstLine(e) + ")";
            case UNAVAILABLE -> "cannot open " + where + ": " + firstLine(e);
            default -> where + ": " + doing + " failed: " + firstLine(e);
        };
        return new StoreException(p, msg, e);
    }

    private static StoreException.Problem sqlite(SQLException e) {
        // xerial reports the SQLite result code (possibly extended: low byte is the primary code)
        int code = e.getErrorCode() & 0xff;
        return switch (code) {
            case 5, 6 -> StoreException.Problem.LOCKED;          // SQLITE_BUSY, SQLITE_LOCKED
            case 13 -> StoreException.Problem.FULL;               // SQLITE_FULL
            case 8, 3, 23 -> StoreException.Problem.READ_ONLY;    // SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH
            case 26, 11 -> StoreException.Problem.NOT_A_STORE;    // SQLITE_NOTADB, SQLITE_CORRUPT
            case 14 -> StoreException.Problem.UNAVAILABLE;        // SQLITE_CANTOPEN
            case 10 -> isFull(e) ? StoreException.Problem.FULL : StoreException.Problem.FAILED; // SQLITE_IOERR
            default -> isFull(e) ? StoreException.Problem.FULL : StoreException.Problem.FAILED;
        };
    }

    private static boolean isFull(SQLException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("disk is full") || m.contains("no space left");
    }

    private static StoreException.Problem postgres(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08") || state.equals("3D000") || state.equals("28000") || state.equals("28P01")) {
            return StoreException.Problem.UNAVAILABLE; // connection, no such database, authentication
        }
        return switch (state) {
            case "53100", "53200", "53400" -> StoreException.Problem.FULL;   // disk full, out of memory, limits
            case "25006", "42501" -> StoreException.Problem.READ_ONLY;       // read-only transaction, no privilege
            case "55P03", "40P01", "57014" -> StoreException.Problem.LOCKED; // lock timeout, deadlock, cancelled
            default -> StoreException.Problem.FAILED;
        };
    }

    /** The driver's message without its Java decoration, cut to its first line. */
    static String firstLine(SQLException e) {
        String m = e.getMessage() == null ? "error " + e.getErrorCode() : e.getMessage();
        int nl = m.indexOf('\n');
        m = nl >= 0 ? m.substring(0, nl) : m;
        return m.replaceFirst("^\\[SQLITE_[A-Z_]+\\]\\s*", "").strip();
    }
}
