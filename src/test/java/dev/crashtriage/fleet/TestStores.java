package dev.crashtriage.fleet;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The two backends every store test runs on: SQLite in a temp dir, and the real PostgreSQL server of this
 * project's machines (127.0.0.1:5432, trust auth, database {@code test}), in a fresh schema per test that is
 * dropped afterwards. Where PostgreSQL is absent the tests say so loudly on stderr and are skipped -- unless
 * {@code CI=true} (or {@code CRASHTRIAGE_REQUIRE_POSTGRES=true}), where its absence fails them.
 */
final class TestStores {
    static final String PG_BASE = System.getenv().getOrDefault("CRASHTRIAGE_TEST_PG",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final List<String> USERS = List.of("postgres", "root");
    private static String pgUser;
    private static String pgAbsence;

    private TestStores() {
    }

    enum Backend { SQLITE, POSTGRESQL }

    /** A store location on {@code backend}; call {@link #drop} after. */
    static StoreLocation create(Backend backend, Path tmp) {
        if (backend == Backend.SQLITE) {
            return StoreLocation.ofFile(tmp.resolve("store-" + UUID.randomUUID() + ".db"));
        }
        String user = postgresUser();
        String schema = "ct_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(PG_BASE + "?user=" + user); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL answered but a schema could not be created: " + e.getMessage(), e);
        }
        return StoreLocation.resolve(PG_BASE + "?user=" + user + "&currentSchema=" + schema, java.util.Map.of());
    }

    static void drop(StoreLocation at) {
        if (at.dialect() != Dialect.POSTGRESQL) {
            return;
        }
        String schema = at.url().replaceAll(".*currentSchema=([a-z0-9_]+).*", "$1");
        try (Connection c = DriverManager.getConnection(PG_BASE + "?user=" + postgresUser());
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new AssertionError("could not drop test schema " + schema + ": " + e.getMessage(), e);
        }
    }

    /** The user that connects, or abort (loudly) / fail (in CI) when no server answers. */
    static synchronized String postgresUser() {
        if (pgUser != null) {
            return pgUser;
        }
        if (pgAbsence == null) {
            List<String> errors = new ArrayList<>();
            for (String u : USERS) {
                try (Connection c = DriverManager.getConnection(PG_BASE + "?user=" + u + "&connectTimeout=5")) {
                    pgUser = u;
                    return u;
                } catch (SQLException e) {
                    errors.add(u + ": " + e.getMessage());
                }
            }
            pgAbsence = "PostgreSQL is not reachable at " + PG_BASE + " (" + String.join("; ", errors) + ")";
            System.err.println("!!!!!!!! " + pgAbsence + ": the PostgreSQL store tests are SKIPPED. "
                    + "Set CI=true to make this a failure.");
        }
        String ci = System.getenv().getOrDefault("CI", "") + System.getenv().getOrDefault("CRASHTRIAGE_REQUIRE_POSTGRES", "");
        if (ci.toLowerCase(Locale.ROOT).contains("true")) {
            throw new AssertionError(pgAbsence + " and CI=true: the PostgreSQL store must be tested");
        }
        Assumptions.abort(pgAbsence + ": PostgreSQL store tests skipped (not in CI)");
        return null;
    }
}
