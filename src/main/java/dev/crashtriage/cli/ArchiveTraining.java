package dev.crashtriage.cli;

import java.nio.file.Path;

/**
 * The run the build records its class-data-sharing class list from (pom.xml, execution "appcds-class-list"): the
 * commands a short run is made of, in one JVM, so that the archive holds the classes of each of them, not only
 * those of one output format. A class the list misses is read from the jar and verified on every start.
 *
 * <p>Arguments: a folder for the reports it writes, a folder of user signatures, then logs (each is analysed once;
 * the first also as JSON and with the user signatures). The build points {@code XDG_CACHE_HOME} into
 * {@code target/}, so the user signatures are parsed on the first run with them and read from the tree cache on the
 * second, and both paths are recorded.
 */
public final class ArchiveTraining {
    private ArchiveTraining() {
    }

    public static void main(String[] args) throws java.io.IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: ArchiveTraining OUT_DIR SIGNATURES_DIR LOG...");
        }
        String out = args[0];
        java.nio.file.Files.createDirectories(Path.of(out));
        String signatures = args[1];
        String first = args[2];
        for (int i = 2; i < args.length; i++) {
            Main.run(new String[] {"analyze", "--color=never", "--quiet",
                "--output", Path.of(out, "training-" + i + ".txt").toString(), args[i]});
        }
        Main.run(new String[] {"analyze", "--color=never", "--quiet", "--format", "json",
            "--output", Path.of(out, "training.json").toString(), first});
        for (int i = 0; i < 2; i++) {
            Main.run(new String[] {"analyze", "--color=never", "--quiet", "--format", "json", "--signatures",
                signatures, "--output", Path.of(out, "training-user-signatures.json").toString(), first});
        }
        Main.run(new String[] {"--version"});
    }
}
