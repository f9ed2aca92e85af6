package dev.crashtriage.cli;

import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureException;
import dev.crashtriage.signature.UserTreeCache;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The options every command that loads the catalogue shares, and the loading itself. */
public final class SignatureOptions {

    @Option(names = "--signatures", paramLabel = "DIR",
            description = "Also load signatures from DIR (repeatable; after CRASHTRIAGE_SIGNATURES and ~/.config/crashtriage/signatures). A user signature with a built-in id replaces it.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--keep-going",
            description = "Report broken signatures on stderr and go on with the others (default: exit 3).")
    boolean keepGoing;

    /** Built-ins, then the environment's directories, then --signatures, in that order. */
    List<Path> userDirs(Env env) {
        String home = env.env().get("HOME");
        List<Path> out = new ArrayList<>(SignatureCatalog.environmentDirs(env.env(), home == null ? null : Path.of(home)));
        out.addAll(dirs);
        return out;
    }

    /**
     * Where the user folders' parsed YAML is kept between runs: {@code ${XDG_CACHE_HOME:-~/.cache}/crashtriage}, the
     * launcher's cache too; null (parse every time) when neither variable is set or
     * {@code CRASHTRIAGE_SIGNATURE_CACHE=0}. Lint and test never use it: they are the checks a user runs on an edit.
     */
    static UserTreeCache treeCache(java.util.Map<String, String> env) {
        if ("0".equals(env.get("CRASHTRIAGE_SIGNATURE_CACHE"))) {
            return null;
        }
        String xdg = env.get("XDG_CACHE_HOME");
        String home = env.get("HOME");
        Path base;
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            base = Path.of(xdg);
        } else if (home != null && !home.isEmpty()) {
            base = Path.of(home, ".cache");
        } else {
            return null;
        }
        return new UserTreeCache(base.resolve("crashtriage"), VersionProvider.version() + " " + VersionProvider.commit());
    }

    /** What lint and test check: the directory named alone, or else every signature in force (errors kept). */
    SignatureCatalog catalogToCheck(Path dir, Env env) {
        return dir != null ? SignatureCatalog.loadOnly(dir) : SignatureCatalog.load(userDirs(env));
    }

    /**
     * Loads the catalogue and reports its errors on stderr.
     *
     * @return the catalogue, or null when it had errors and --keep-going was not given (exit 3)
     */
    SignatureCatalog load(Env env) {
        List<Path> dirs = userDirs(env);
        SignatureCatalog catalog = SignatureCatalog.forAnalysis(dirs, dirs.isEmpty() ? null : treeCache(env.env()));
        if (catalog.errors().isEmpty()) {
            return catalog;
        }
        for (SignatureException e : catalog.errors()) {
            env.err().println("crashtriage: " + e.getMessage());
        }
        if (keepGoing) {
            env.err().println("crashtriage: --keep-going: " + catalog.errors().size()
                    + " signature error(s) above; the broken signatures are skipped");
            env.err().flush();
            return catalog;
        }
        env.err().println("crashtriage: fix the signature(s) above, or pass --keep-going to skip them");
        env.err().flush();
        return null;
    }
}
