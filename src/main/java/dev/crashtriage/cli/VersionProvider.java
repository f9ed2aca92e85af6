package dev.crashtriage.cli;

import dev.crashtriage.signature.SignatureCatalog;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version, the git commit it was built from (both from the build's own properties file) and the catalogue size. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    private static final Properties BUILD = read();

    private static Properties read() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/crashtriage-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // a missing resource only means a development build: every value reads "unknown"
        }
        return p;
    }

    /** A build property, or "unknown" when the build did not fill it (no git, not built by Maven). */
    private static String property(String name) {
        String v = BUILD.getProperty(name);
        return v == null || v.isBlank() || v.startsWith("${") ? "unknown" : v;
    }

    public static String version() {
        return property("version");
    }

    /** The abbreviated commit, with "-dirty" when the tree had uncommitted changes at build time. */
    public static String commit() {
        String c = property("commit");
        return c.equals("unknown") || !"true".equals(BUILD.getProperty("dirty")) ? c : c + "-dirty";
    }

    private final Env env;

    public VersionProvider() {
        this(null);
    }

    public VersionProvider(Env env) {
        this.env = env;
    }

    @Override
    public String[] getVersion() {
        // the signatures a run would load: built-ins plus the user's directories from the environment
        java.util.Map<String, String> vars = env != null ? env.env() : System.getenv();
        String home = vars.get("HOME");
        java.util.List<java.nio.file.Path> dirs =
                SignatureCatalog.environmentDirs(vars, home == null ? null : java.nio.file.Path.of(home));
        SignatureCatalog catalog = SignatureCatalog.forAnalysis(dirs,
                dirs.isEmpty() ? null : SignatureOptions.treeCache(vars));
        int builtIn = (int) catalog.signatures().stream().filter(s -> !s.user()).count();
        int user = catalog.signatures().size() - builtIn;
        return new String[] {
            "crashtriage " + version() + " (commit " + commit() + ")",
            "signatures: " + catalog.signatures().size() + " loaded (" + builtIn + " built-in, " + user + " user)"
                    + (catalog.errors().isEmpty() ? "" : ", " + catalog.errors().size() + " with errors"),
            "java: " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
