package dev.crashtriage.dist;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code crashtriage} launcher's choices, in an unpacked-distribution layout (bin/ + lib/) whose jar is a
 * stand-in that prints the JVM options it was started with: the class-data archive dumped into the user's cache
 * on the first run and used after, the JIT by input size, the heap cap.
 */
class LauncherTest {
    @TempDir
    Path tmp;
    private Path launcher;
    private Path cache;

    /** The stand-in for lib/crashtriage.jar: prints its JVM options, one a line; exits 1 when told to. */
    public static final class ShowJvmOptions {
        public static void main(String[] args) {
            ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(System.out::println);
            System.exit(List.of(args).contains("exit-1") ? 1 : 0);
        }
    }

    @BeforeEach
    void distribution() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("dist/bin"));
        Path lib = Files.createDirectories(tmp.resolve("dist/lib"));
        launcher = bin.resolve("crashtriage");
        Files.copy(Path.of("crashtriage"), launcher);
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ShowJvmOptions.class.getName());
        String entry = ShowJvmOptions.class.getName().replace('.', '/') + ".class";
        try (OutputStream o = Files.newOutputStream(lib.resolve("crashtriage.jar"));
             JarOutputStream jar = new JarOutputStream(o, m);
             InputStream cls = ShowJvmOptions.class.getResourceAsStream("/" + entry)) {
            jar.putNextEntry(new JarEntry(entry));
            cls.transferTo(jar);
        }
        cache = tmp.resolve("cache");
    }

    private record Run(int code, List<String> options) {
        boolean has(String prefix) {
            return options.stream().anyMatch(o -> o.startsWith(prefix));
        }
    }

    private Run run(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("sh", launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("CRASHTRIAGE_"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HOME", tmp.toString());
        env.put("XDG_CACHE_HOME", cache.toString());
        env.putAll(extraEnv);
        Path out = tmp.resolve("out.txt");
        pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher finished");
        return new Run(p.exitValue(), Files.readAllLines(out));
    }

    private List<Path> cached() throws IOException {
        if (!Files.isDirectory(cache.resolve("crashtriage"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache.resolve("crashtriage"))) {
            return s.sorted().toList();
        }
    }

    @Test
    void theFirstRunDumpsAClassDataArchiveIntoTheCacheAndLaterRunsUseIt() throws Exception {
        Path log = Files.writeString(tmp.resolve("kern.log"), "[    0.000000] Linux version 6.1.0\n");
        Run first = run(Map.of(), "analyze", log.toString(), "exit-1");
        assertEquals(1, first.code(), "the command's exit code passes through the archiving run");
        assertTrue(first.has("-XX:ArchiveClassesAtExit=" + cache.resolve("crashtriage")), first.options().toString());
        List<Path> archives = cached();
        assertEquals(1, archives.size(), archives.toString());
        assertTrue(archives.get(0).getFileName().toString().matches("crashtriage-\\d+\\.jsa"), archives.toString());

        Run second = run(Map.of(), "analyze", log.toString());
        assertEquals(0, second.code());
        assertTrue(second.options().contains("-XX:SharedArchiveFile=" + archives.get(0)), second.options().toString());
        assertFalse(second.has("-XX:ArchiveClassesAtExit"));
        assertEquals(archives, cached(), "nothing more is written");
    }

    @Test
    void onlyAnAnalyzeRunDumpsAndNothingWhenTurnedOff() throws Exception {
        Path log = Files.writeString(tmp.resolve("kern.log"), "[    0.000000] Linux version 6.1.0\n");
        assertFalse(run(Map.of("CRASHTRIAGE_CDS", "0"), "analyze", log.toString()).has("-XX:ArchiveClassesAtExit"));
        for (String[] args : List.of(new String[] {"--version"}, new String[] {"listen", "--udp", "5514"},
                new String[] {"signatures", "list"})) {
            Run r = run(Map.of(), args);
            assertFalse(r.has("-XX:ArchiveClassesAtExit") || r.has("-XX:SharedArchiveFile"), r.options().toString());
        }
        assertEquals(List.of(), cached());
        run(Map.of(), "analyze", log.toString());
        Run version = run(Map.of(), "--version");
        assertTrue(version.has("-XX:SharedArchiveFile="), "once there, every command uses it: " + version.options());
    }

    @Test
    void smallFilesGetC1OnlyBigOrUnknownInputsGetTheFullJit() throws Exception {
        Path small = Files.writeString(tmp.resolve("small.log"), "[    0.000000] Linux version 6.1.0\n");
        Path big = tmp.resolve("big.log");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(64L << 20); // sparse: the launcher reads sizes, not content
        }
        Path bigGz = tmp.resolve("big.log.gz");
        try (RandomAccessFile f = new RandomAccessFile(bigGz.toFile(), "rw")) {
            f.setLength(4L << 20); // compressed: counts as ten times its size
        }
        Map<String, String> noCds = Map.of("CRASHTRIAGE_CDS", "0");
        assertTrue(run(noCds, "analyze", "--format", "json", small.toString()).has("-XX:TieredStopAtLevel=1"));
        assertTrue(run(noCds, "signatures", "list").has("-XX:TieredStopAtLevel=1"));
        assertFalse(run(noCds, "analyze", small.toString(), big.toString()).has("-XX:TieredStopAtLevel"));
        assertFalse(run(noCds, "analyze", bigGz.toString()).has("-XX:TieredStopAtLevel"));
        assertFalse(run(noCds, "analyze", tmp.toString()).has("-XX:TieredStopAtLevel"), "a directory");
        assertFalse(run(noCds, "analyze", "--format", "json").has("-XX:TieredStopAtLevel"), "stdin");
        assertFalse(run(noCds, "listen", "--udp", "5514").has("-XX:TieredStopAtLevel"));
        // the folder or file an option names is not a log: a small log with a signature folder or a big baseline
        // is still a short run
        assertTrue(run(noCds, "analyze", "--signatures", tmp.toString(), small.toString())
                .has("-XX:TieredStopAtLevel=1"));
        assertTrue(run(noCds, "analyze", "--baseline", big.toString(), small.toString())
                .has("-XX:TieredStopAtLevel=1"));
        assertFalse(run(noCds, "analyze", "--signatures", tmp.toString(), big.toString())
                .has("-XX:TieredStopAtLevel"));
        assertFalse(run(noCds, "analyze", "--signatures", tmp.toString()).has("-XX:TieredStopAtLevel"), "stdin");
    }

    @Test
    void theHeapIsCappedUnlessTheUserSetsTheOptions() throws Exception {
        Run plain = run(Map.of("CRASHTRIAGE_CDS", "0"), "--version");
        assertTrue(plain.options().contains("-Xmx224m"), plain.options().toString());
        assertTrue(plain.options().contains("-XX:+UseSerialGC"), plain.options().toString());
        Map<String, String> env = new HashMap<>(Map.of("CRASHTRIAGE_CDS", "0", "CRASHTRIAGE_JAVA_OPTS", "-Xmx1g"));
        Run own = run(env, "--version");
        assertTrue(own.options().contains("-Xmx1g"), own.options().toString());
        assertFalse(own.options().contains("-Xmx224m"), own.options().toString());
    }

    @Test
    void theLongRunningCommandsKeepTheJvmsOwnHeapSizing() throws Exception {
        for (String command : List.of("listen", "fleet")) {
            Run r = run(Map.of("CRASHTRIAGE_CDS", "0"), command);
            assertFalse(r.has("-Xmx"), command + ": " + r.options());
        }
        assertTrue(run(Map.of("CRASHTRIAGE_CDS", "0"), "analyze").options().contains("-Xmx224m"));
    }
}
