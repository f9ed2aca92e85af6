package dev.crashtriage.bench;

import dev.crashtriage.input.LogReader;
import dev.crashtriage.input.LogRecord;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The log the JMH benchmarks read: {@code -Dcrashtriage.bench.log=FILE} (bench/jmh.sh generates one with
 * bench/GenerateLog.java), its first {@link #MAX_BYTES} held in memory so the benchmarks time the code, not
 * the disk.
 */
public final class BenchLog {
    public static final int MAX_BYTES = 32 << 20;

    private BenchLog() {
    }

    public static byte[] bytes() {
        String name = System.getProperty("crashtriage.bench.log");
        if (name == null) {
            throw new IllegalStateException("set -Dcrashtriage.bench.log=FILE (bench/jmh.sh does)");
        }
        try (InputStream in = Files.newInputStream(Path.of(name))) {
            return in.readNBytes(MAX_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<LogRecord> records(byte[] bytes) {
        List<LogRecord> out = new ArrayList<>();
        try {
            new LogReader().read(new ByteArrayInputStream(bytes), "bench.log", null, out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
