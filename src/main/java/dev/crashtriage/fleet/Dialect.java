package dev.crashtriage.fleet;

/**
 * The two databases the store runs on. The schema and nearly all statements are the same on both
 * (text keys instead of generated ids, {@code INSERT ... ON CONFLICT DO NOTHING}); what differs is here.
 */
public enum Dialect {
    SQLITE("SQLite"),
    POSTGRESQL("PostgreSQL");

    private final String label;

    Dialect(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The smaller of two expressions (SQLite's two-argument MIN, PostgreSQL's LEAST). */
    String least(String a, String b) {
        return this == SQLITE ? "MIN(" + a + ", " + b + ")" : "LEAST(" + a + ", " + b + ")";
    }

    String greatest(String a, String b) {
        return this == SQLITE ? "MAX(" + a + ", " + b + ")" : "GREATEST(" + a + ", " + b + ")";
    }
}
