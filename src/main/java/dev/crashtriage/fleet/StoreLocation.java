package dev.crashtriage.fleet;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the fleet store lives: a JDBC URL and the dialect it speaks.
 *
 * <p>{@code --store} takes a path (an SQLite file), a {@code jdbc:sqlite:} URL or a {@code jdbc:postgresql:}
 * URL. Without one, {@code CRASHTRIAGE_STORE} is read, and without that the per-user default:
 * {@code $XDG_DATA_HOME/crashtriage/fleet.db}, or {@code ~/.local/share/crashtriage/fleet.db} when
 * XDG_DATA_HOME is unset (the XDG base-directory convention for user data).
 *
 * @param url     the JDBC URL
 * @param dialect which database
 * @param file    the SQLite file, or null for a server
 */
public record StoreLocation(String url, Dialect dialect, Path file) {

    /** The store a user named ({@code null}: the environment's or the default). */
    public static StoreLocation resolve(String given, Map<String, String> env) {
        String spec = given;
        if (spec == null || spec.isBlank()) {
            spec = env.get("CRASHTRIAGE_STORE");
        }
        if (spec == null || spec.isBlank()) {
            return ofFile(defaultFile(env));
        }
        if (spec.startsWith("jdbc:postgresql:")) {
            return new StoreLocation(spec, Dialect.POSTGRESQL, null);
        }
        if (spec.startsWith("jdbc:sqlite:")) {
            String rest = spec.substring("jdbc:sqlite:".length());
            int q = rest.indexOf('?');
            String file = q >= 0 ? rest.substring(0, q) : rest;
            boolean memory = file.isEmpty() || file.equals(":memory:") || file.startsWith("file::memory:");
            return new StoreLocation(spec, Dialect.SQLITE, memory ? null : Path.of(file.startsWith("file:")
                    ? file.substring(5) : file));
        }
        if (spec.startsWith("jdbc:")) {
            throw new IllegalArgumentException("unsupported store URL '" + spec
                    + "': use a file path, jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB");
        }
        return ofFile(Path.of(spec));
    }

    /**
     * True for what can only be a store, not a log: a JDBC URL, a *.db / *.sqlite / *.sqlite3 path, or an
     * existing SQLite file.
     */
    public static boolean looksLikeStore(String arg) {
        if (arg.startsWith("jdbc:")) {
            return true;
        }
        String lower = arg.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".db") || lower.endsWith(".sqlite") || lower.endsWith(".sqlite3")) {
            return true;
        }
        try {
            Path p = Path.of(arg);
            if (java.nio.file.Files.isRegularFile(p) && java.nio.file.Files.size(p) >= 100) {
                try (var in = java.nio.file.Files.newInputStream(p)) {
                    byte[] head = in.readNBytes(16);
                    return new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).equals("SQLite format 3\0");
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    public static StoreLocation ofFile(Path file) {
        return new StoreLocation("jdbc:sqlite:" + file, Dialect.SQLITE, file);
    }

    /** The per-user default store file. */
    public static Path defaultFile(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        Path base;
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            base = Path.of(xdg);
        } else {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            base = Path.of(home, ".local", "share");
        }
        return base.resolve("crashtriage").resolve("fleet.db");
    }

    /** The store as a user should see it named: the file, or the URL without any password. */
    public String display() {
        if (file != null) {
            return file.toString();
        }
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@");
    }
}
