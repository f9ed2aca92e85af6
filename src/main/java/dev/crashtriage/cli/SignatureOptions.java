package dev.crashtriage.cli;

import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureException;
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
        SignatureCatalog catalog = SignatureCatalog.forAnalysis(userDirs(env));
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
