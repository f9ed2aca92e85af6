package dev.crashtriage.triage;

import dev.crashtriage.input.InputTarget;
import dev.crashtriage.render.JsonRenderer;
import dev.crashtriage.render.RenderOptions;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two-thread path (reading, parsing and signature matching on a second thread) gives exactly the
 * results of the one-thread path: the whole report, rendered, on every log of the test corpora, and on
 * all of them glued into one input (many batches, crash reports across batch edges).
 */
class ParallelPathTest {
    private static final SignatureEngine ENGINE = new SignatureEngine(SignatureCatalog.builtIn());
    private static final Pipeline PARALLEL = new Pipeline(ENGINE, AnalysisOptions.defaults());
    private static final Pipeline ONE_THREAD = new Pipeline(ENGINE, AnalysisOptions.defaults().singleThreaded());
    private static final Path RESOURCES = Path.of("src/test/resources");

    static Stream<Path> corpus() throws IOException {
        List<Path> out = new java.util.ArrayList<>();
        for (String dir : List.of("realworld", "logs", "logs/syzkaller", "syzkaller", "kernel-events")) {
            try (Stream<Path> s = Files.list(RESOURCES.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".log") || p.toString().endsWith(".txt")
                        || p.toString().endsWith(".gz")).sorted().forEach(out::add);
            }
        }
        return out.stream();
    }

    private static String report(Pipeline p, InputTarget t) {
        AnalysisReport r = p.analyze(List.of(t), List.of());
        StringWriter w = new StringWriter();
        try {
            new JsonRenderer().render(r, new RenderOptions(false, "test", true), w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void sameReportOnEachLog(Path log) {
        InputTarget t = new InputTarget(log.toString(), () -> Files.newInputStream(log));
        assertEquals(report(ONE_THREAD, t), report(PARALLEL, t));
    }

    @Test
    void sameReportOnTheCorporaAsOneInput() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Path p : corpus().filter(p -> !p.toString().endsWith(".gz")).toList()) {
            all.write(Files.readAllBytes(p));
            all.write('\n');
        }
        byte[] bytes = all.toByteArray();
        InputTarget t = new InputTarget("corpora.log", () -> new ByteArrayInputStream(bytes));
        String one = report(ONE_THREAD, t);
        assertTrue(bytes.length > 500_000 || one.length() > 10_000, "a big input: several batches");
        assertEquals(one, report(PARALLEL, t));
    }

    @Test
    void aFailingReadIsTheSameProblemOnBothPaths() {
        InputTarget t = new InputTarget("broken.log", () -> new java.io.InputStream() {
            private int left = 300_000;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    throw new IOException("device gone");
                }
                left--;
                return left % 80 == 0 ? '\n' : 'x';
            }
        });
        assertEquals(report(ONE_THREAD, t), report(PARALLEL, t));
    }

    /**
     * The benchmark's own logs (bench/GenerateLog.java: driver noise with device-event bursts, crash reports
     * sprinkled in or back to back), generated small in each format it writes, through both paths. Run as a separate JVM
     * because the generator is a single-file program outside the test classpath.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"noise,dmesg", "noise,kmsg", "noise,syslog", "noise,journal",
        "dense,dmesg"})
    void sameReportOnTheBenchmarksGeneratedLogs(String mode, String format, @org.junit.jupiter.api.io.TempDir Path dir)
            throws IOException, InterruptedException {
        Path log = dir.resolve(mode + "-" + format + ".log");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "bench/GenerateLog.java", "--size", "2M", "--mode", mode, "--format", format,
                "--crash-every", "2000", "-o", log.toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), said);
        assertTrue(Files.size(log) > 1_000_000, said);
        InputTarget t = new InputTarget(log.toString(), () -> Files.newInputStream(log));
        String one = report(ONE_THREAD, t);
        assertTrue(one.contains("\"device-event\""), "device-event bursts in the generated log");
        assertEquals(one, report(PARALLEL, t));
    }

    @Test
    void aConsumerThatFailsMidwayStopsBothStages() throws InterruptedException {
        byte[] bytes = "[    1.000000] usb 1-1: new high-speed USB device number 2 using xhci_hcd\n".repeat(200_000)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        InputTarget t = new InputTarget("big.log", () -> new ByteArrayInputStream(bytes));
        int[] seen = {0};
        IllegalStateException thrown = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> ParallelRead.run(RecordSource.of(t, null), ENGINE, (rec, matched, woken, prepared) -> {
                    if (++seen[0] == 5000) {
                        throw new IllegalStateException("assembly failed");
                    }
                }));
        assertEquals("assembly failed", thrown.getMessage());
        // the reading and screening threads unwind instead of waiting on a full queue for ever
        for (int waited = 0; waited < 200 && stagesAlive(); waited++) {
            Thread.sleep(50);
        }
        assertTrue(!stagesAlive(), "a stage still runs after its consumer failed");
    }

    private static boolean stagesAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(th -> th.getName().equals("crashtriage-reader") || th.getName().equals("crashtriage-screen"));
    }
}
