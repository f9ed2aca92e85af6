package dev.crashtriage.input;

import dev.crashtriage.bench.BenchLog;
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
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Line splitting alone, and splitting + format sniffing + parsing into records (the whole input layer). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InputBench {
    byte[] log;

    @Setup(Level.Trial)
    public void load() {
        log = BenchLog.bytes();
    }

    @Benchmark
    public long splitLines(Blackhole bh) {
        LineSplitter s = new LineSplitter(new ByteArrayInputStream(log), InputLimits.defaults().maxLineBytes());
        long n = 0;
        String line;
        while ((line = s.next()) != null) {
            bh.consume(line);
            n++;
        }
        return n;
    }

    @Benchmark
    public ReadSummary splitAndParse(Blackhole bh) throws IOException {
        return new LogReader().read(new ByteArrayInputStream(log), "bench.log", null, bh::consume);
    }
}
