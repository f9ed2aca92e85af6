package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Throughput of the crash-report and task-dump detectors alone (records are built first and not
 * timed). Usage: DetectorBench file [repeat].
 */
public final class DetectorBench {
    private DetectorBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        List<LogRecord> recs = new ArrayList<>();
        long bytes = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                recs.addAll(TestLogs.records("bench", line));
                bytes += line.length() + 1;
                n++;
            }
        }
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            int incidents = 0;
            for (int i = 0; i < repeat; i++) {
                for (Detector d : Detectors.standard()) {
                    for (LogRecord rec : recs) {
                        d.accept(rec, b -> { });
                    }
                    List<IncidentBuilder> tail = new ArrayList<>();
                    d.finish(tail::add);
                    incidents += tail.size();
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%.1f MB in %.2f s = %.0f MB/s (%d lines x %d)%n", bytes * repeat / 1e6, secs,
                    bytes * repeat / 1e6 / secs, recs.size(), repeat);
        }
    }
}
