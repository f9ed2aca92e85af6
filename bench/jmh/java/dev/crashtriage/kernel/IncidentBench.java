package dev.crashtriage.kernel;

import dev.crashtriage.bench.BenchLog;
import dev.crashtriage.input.LogRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Incident assembly on records already parsed: every detector and the facts collector, titles, frames and
 * fingerprints (the whole kernel layer).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IncidentBench {
    List<LogRecord> records;

    @Setup(Level.Trial)
    public void load() {
        records = BenchLog.records(BenchLog.bytes());
    }

    @Benchmark
    public Extraction incidentAssembly() {
        IncidentExtractor x = new IncidentExtractor();
        for (LogRecord r : records) {
            x.accept(r);
        }
        return x.finish();
    }
}
