package dev.crashtriage.dist;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release archives as a user gets them (run by failsafe after package): what they hold, and an
 * unpacked copy run from another working directory and through symlinks on PATH, never building.
 */
class DistributionIT {
    private static final Path TARGET = Path.of(System.getProperty("dist.dir", "target"));
    private static final String VERSION = System.getProperty("dist.version", "0.1.0-SNAPSHOT");
    private static final String BASE = "crashtriage-" + VERSION + "/";

    @TempDir
    static Path tmp;
    static Path home;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void unpack() throws Exception {
        Path tgz = TARGET.resolve("crashtriage-" + VERSION + ".tar.gz");
        assertTrue(Files.isRegularFile(tgz), "the build made " + tgz);
        Run r = run(tmp, Map.of(), "tar", "xzf", tgz.toAbsolutePath().toString());
        assertEquals(0, r.code(), r.err());
        home = tmp.resolve("crashtriage-" + VERSION);
    }

    private static Run run(Path cwd, Map<String, String> extraEnv, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().putAll(extraEnv);
        pb.environment().remove("CRASHTRIAGE_SIGNATURES");
        // the launcher's first analyze run dumps a class-data archive into the user's cache: keep it in the test's
        if (!extraEnv.containsKey("XDG_CACHE_HOME")) {
            pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
        }
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                Path.of("/dev/null").toFile()));
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished: " + String.join(" ", cmd));
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Set<String> tarEntries() throws Exception {
        Run r = run(tmp, Map.of(), "tar", "tzvf", TARGET.resolve("crashtriage-" + VERSION + ".tar.gz").toAbsolutePath().toString());
        assertEquals(0, r.code(), r.err());
        Set<String> names = new TreeSet<>();
        for (String line : r.out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            names.add(f[f.length - 1] + (f[0].contains("x") && f[0].startsWith("-") ? " (executable)" : ""));
        }
        return names;
    }

    private static long builtInSignatures() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("signatures"))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yml")).count();
        }
    }

    @Test
    void theTarballHoldsLaunchersJarSignaturesManPagesAndCompletion() throws Exception {
        Set<String> tar = tarEntries();
        for (String required : List.of("bin/crashtriage (executable)", "bin/crashtriage.bat", "lib/crashtriage.jar",
                "man/man1/crashtriage.1", "man/man1/crashtriage-analyze.1", "man/man1/crashtriage-explain.1",
                "man/man1/crashtriage-signatures-test.1", "completion/crashtriage.bash", "completion/_crashtriage",
                "completion/crashtriage.fish", "README.md", "examples/xfs-on-lvm-4k-stack-overflow.log",
                "docs/cli.md")) {
            assertTrue(tar.contains(BASE + required), required + " in " + tar);
        }
        long ymls = tar.stream().filter(n -> n.startsWith(BASE + "signatures/") && n.endsWith(".yml")).count();
        assertEquals(builtInSignatures(), ymls, "every signature file is shipped");
        assertFalse(tar.stream().anyMatch(n -> n.contains("/src/") || n.endsWith(".class") || n.contains("pom.xml")),
                "no sources or build files: " + tar);
    }

    @Test
    void theZipHoldsTheSameFiles() throws Exception {
        Set<String> tar = new TreeSet<>();
        tarEntries().stream().filter(n -> !n.endsWith("/")).forEach(n -> tar.add(n.replace(" (executable)", "")));
        Set<String> zip = new TreeSet<>();
        try (ZipFile z = new ZipFile(TARGET.resolve("crashtriage-" + VERSION + ".zip").toFile())) {
            z.stream().filter(e -> !e.isDirectory()).forEach(e -> zip.add(e.getName()));
        }
        assertEquals(tar.size(), zip.size(), "same number of files");
        assertEquals(tar, zip);
    }

    @Test
    void theSingleJarRunsOnItsOwn() throws Exception {
        Run r = run(tmp, Map.of(), "java", "-jar", TARGET.resolve("crashtriage.jar").toAbsolutePath().toString(), "--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("crashtriage " + VERSION + " (commit "), r.out());
    }

    @Test
    void versionFromAnotherDirectorySaysVersionCommitAndSignatures() throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Run r = run(elsewhere, Map.of(), home.resolve("bin/crashtriage").toString(), "--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s)crashtriage " + java.util.regex.Pattern.quote(VERSION)
                + " \\(commit [0-9a-f]{7,40}(-dirty)?\\)\\n.*"), r.out());
        assertTrue(r.out().contains("signatures: " + builtInSignatures() + " loaded"), r.out());
        assertFalse(Files.exists(home.resolve("target")), "an unpacked distribution never builds");
    }

    @Test
    void throughSymlinksOnPathItAnalysesALog() throws Exception {
        // ~/bin/crashtriage -> a relative link -> the real launcher, as `ln -s` leaves them
        Path pathDir = Files.createDirectories(tmp.resolve("user-bin"));
        Path links = Files.createDirectories(tmp.resolve("links"));
        Files.createSymbolicLink(links.resolve("ct"), Path.of("..", "crashtriage-" + VERSION, "bin", "crashtriage"));
        Files.createSymbolicLink(pathDir.resolve("crashtriage"), links.resolve("ct"));
        Path cwd = Files.createDirectories(tmp.resolve("work"));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", pathDir + ":" + System.getenv("PATH"));
        Run r = run(cwd, env, "sh", "-c", "crashtriage analyze " + home.resolve("examples/xfs-on-lvm-4k-stack-overflow.log"));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("xfs-lvm-nfs-stack-overflow"), r.out());
        assertFalse(r.err().contains("building"), r.err());
        assertFalse(r.err().contains("mvnw"), r.err());
    }

    @Test
    void theFirstAnalyzeRunLeavesAClassDataArchiveThatLaterRunsUseWithTheSameReport() throws Exception {
        Path cache = Files.createDirectories(tmp.resolve("cds-cache"));
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
        String log = home.resolve("examples/xfs-on-lvm-4k-stack-overflow.log").toString();
        Run first = run(tmp, env, home.resolve("bin/crashtriage").toString(), "analyze", "--color=never", log);
        List<Path> archives;
        try (Stream<Path> s = Files.list(cache.resolve("crashtriage"))) {
            archives = s.toList();
        }
        assertEquals(1, archives.size(), archives.toString());
        assertTrue(archives.get(0).getFileName().toString().matches("crashtriage-\\d+\\.jsa"), archives.toString());
        assertTrue(Files.size(archives.get(0)) > 0);
        Run second = run(tmp, env, home.resolve("bin/crashtriage").toString(), "analyze", "--color=never", log);
        assertEquals(first.code(), second.code(), second.err());
        assertEquals(first.out(), second.out());
    }

    @Test
    void theManPagesAreTroffThatManReads() throws Exception {
        String page = Files.readString(home.resolve("man/man1/crashtriage-analyze.1"), StandardCharsets.UTF_8);
        assertTrue(page.contains(".TH \"CRASHTRIAGE\\-ANALYZE\" \"1\""), "a man(7) page header");
        assertTrue(page.contains("fail\\-on"), "options are documented");
        assertTrue(page.contains("EXIT") && page.contains("130"), "the exit codes are in the page");
        if (Files.isExecutable(Path.of("/usr/bin/man"))) {
            Run r = run(tmp, Map.of("MANWIDTH", "80"), "man", "-l", home.resolve("man/man1/crashtriage.1").toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("analyze"), r.out());
        }
    }

    @Test
    void theCompletionScriptsAreTheGeneratedOnes() throws Exception {
        String bash = Files.readString(home.resolve("completion/crashtriage.bash"));
        assertTrue(bash.contains("complete -o bashdefault -o default -F _crashtriage crashtriage"), bash);
        Run r = run(tmp, Map.of(), "bash", "--norc", "-n", home.resolve("completion/crashtriage.bash").toString());
        assertEquals(0, r.code(), "bash parses it: " + r.err());
        List<String> fish = new ArrayList<>(Files.readAllLines(home.resolve("completion/crashtriage.fish")));
        assertTrue(fish.stream().anyMatch(l -> l.contains("-l input-format -x -a '")), fish::toString);
    }

    @Test
    void jreleaserPublishesExactlyTheFilesTheBuildMade() throws Exception {
        com.fasterxml.jackson.databind.JsonNode cfg = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(Path.of("jreleaser.yml").toFile());
        assertEquals(VERSION, cfg.path("project").path("version").asText(), "jreleaser.yml and pom.xml agree on the version");
        int artifacts = 0;
        for (com.fasterxml.jackson.databind.JsonNode dist : cfg.path("distributions")) {
            for (com.fasterxml.jackson.databind.JsonNode a : dist.path("artifacts")) {
                Path file = Path.of(a.path("path").asText().replace("{{projectVersion}}", VERSION));
                assertTrue(Files.isRegularFile(file), "jreleaser.yml names " + file + ", which the build made");
                artifacts++;
            }
        }
        assertEquals(3, artifacts, "zip, tar.gz and the single jar");
    }
}
