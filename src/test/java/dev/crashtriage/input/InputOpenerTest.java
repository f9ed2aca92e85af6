package dev.crashtriage.input;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputOpenerTest {
    private static final byte[] STDIN = "[    1.000000] from stdin\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private final List<InputProblem> problems = new ArrayList<>();

    private List<InputTarget> expand(InputLimits limits, String... names) {
        return new InputOpener(new ByteArrayInputStream(STDIN), limits).expand(List.of(names), problems::add);
    }

    private List<InputTarget> expand(String... names) {
        return expand(InputLimits.defaults(), names);
    }

    private static Reads.Result readTarget(InputTarget t, InputLimits limits) throws IOException {
        try (InputStream in = t.opener().open()) {
            return Reads.read(in, null, limits);
        }
    }

    @Test
    void directoriesRecursivelyInSortedOrderAndStdin() throws IOException {
        Files.createDirectories(dir.resolve("b/sub"));
        Files.writeString(dir.resolve("b/sub/z.log"), "z\n");
        Files.writeString(dir.resolve("b/a.log"), "a\n");
        Files.writeString(dir.resolve("c.log"), "c\n");
        Files.writeString(dir.resolve("a.log"), "a\n");
        List<InputTarget> t = expand(dir.toString(), "-");
        assertEquals(List.of(dir.resolve("a.log").toString(), dir.resolve("b/a.log").toString(),
                dir.resolve("b/sub/z.log").toString(), dir.resolve("c.log").toString(), "-"),
                t.stream().map(InputTarget::name).toList());
        assertTrue(problems.isEmpty());
        assertEquals(List.of("from stdin"), readTarget(t.get(4), InputLimits.defaults()).texts());
    }

    @Test
    void missingPathIsOneFatalProblemAndTheOthersGoOn() throws IOException {
        Files.writeString(dir.resolve("ok.log"), "[    1.000000] ok\n");
        List<InputTarget> t = expand(dir.resolve("nope.log").toString(), dir.resolve("ok.log").toString());
        assertEquals(1, t.size());
        assertEquals(1, problems.size());
        assertEquals(new InputProblem(dir.resolve("nope.log").toString(), "no such file or directory", true), problems.get(0));
    }

    @Test
    void emptyFileIsAnInputWithNoRecords() throws IOException {
        Files.createFile(dir.resolve("empty.log"));
        List<InputTarget> t = expand(dir.resolve("empty.log").toString());
        Reads.Result r = readTarget(t.get(0), InputLimits.defaults());
        assertTrue(r.records().isEmpty());
        assertTrue(problems.isEmpty());
    }

    @Test
    void directoryWithoutPermission() throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root reads any directory");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.writeString(locked.resolve("x.log"), "x\n");
        Files.writeString(dir.resolve("y.log"), "y\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            Assumptions.assumeFalse(Files.isReadable(locked), "permissions do not apply here");
            List<InputTarget> t = expand(locked.toString(), dir.toString());
            assertEquals(List.of(dir.resolve("y.log").toString()), t.stream().map(InputTarget::name).toList());
            assertEquals(2, problems.size(), problems.toString());
            assertTrue(problems.stream().allMatch(p -> p.fatal() && p.message().equals("permission denied")));
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    @Timeout(20)
    void symlinkLoopsAreSeenNotFollowed() throws IOException {
        Path d = Files.createDirectories(dir.resolve("d/e"));
        Files.writeString(d.resolve("x.log"), "x\n");
        Files.createSymbolicLink(d.resolve("up"), dir.resolve("d"));
        Files.createSymbolicLink(dir.resolve("self"), dir.resolve("self"));
        List<InputTarget> t = expand(dir.resolve("d").toString(), dir.resolve("self").toString());
        assertEquals(List.of(d.resolve("x.log").toString()), t.stream().map(InputTarget::name).toList());
        assertTrue(problems.stream().anyMatch(p -> !p.fatal() && p.message().contains("loop")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.fatal() && p.source().endsWith("self")), problems.toString());
    }

    @Test
    @Timeout(30)
    void devZeroIsReadWithinTheByteBound() throws IOException {
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.isReadable(zero));
        InputLimits limits = new InputLimits(4096, 8L << 20, 5_000);
        List<InputTarget> t = expand(limits, "/dev/zero");
        Reads.Result r = readTarget(t.get(0), limits);
        assertEquals(8L << 20, r.summary().bytes());
        assertTrue(r.summary().problems().stream().anyMatch(p -> p.fatal() && p.message().contains("stopped after")),
                r.summary().problems().toString());
    }

    @Test
    @Timeout(30)
    void fifoIsReadAndAnIdleFifoIsGivenUp() throws Exception {
        Path fifo = dir.resolve("console.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo not available");
        InputLimits limits = new InputLimits(4096, 1L << 20, 1_000);

        // A writer that writes a few lines and closes: read to its end.
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write("[    1.000000] one\n[    2.000000] two\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        Reads.Result r = readTarget(expand(limits, fifo.toString()).get(0), limits);
        writer.join();
        assertEquals(List.of("one", "two"), r.texts());
        assertTrue(r.summary().problems().isEmpty());

        // Nobody ever opens it for writing: reading gives up after the idle bound instead of hanging.
        long start = System.nanoTime();
        Reads.Result idle = readTarget(expand(limits, fifo.toString()).get(0), limits);
        assertTrue(idle.records().isEmpty());
        assertTrue(idle.summary().problems().stream().anyMatch(p -> p.fatal() && p.message().contains("nothing arrived")));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        assertFalse(problems.stream().anyMatch(InputProblem::fatal));
    }
}
