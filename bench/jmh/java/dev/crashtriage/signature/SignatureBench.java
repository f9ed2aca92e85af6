package dev.crashtriage.signature;

import dev.crashtriage.bench.BenchLog;
import dev.crashtriage.input.LiteralScreen;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.Extraction;
import dev.crashtriage.kernel.IncidentExtractor;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The signature engine on records already parsed: the literal prefilter alone, the stateless match step
 * (prefilter + the regexes it lets through), and match + the stateful combine step + findings (evaluation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignatureBench {
    List<LogRecord> records;
    SignatureEngine engine;
    Extraction extraction;
    int[][] matched;

    @Setup(Level.Trial)
    public void load() {
        records = BenchLog.records(BenchLog.bytes());
        engine = new SignatureEngine(SignatureCatalog.builtIn());
        IncidentExtractor x = new IncidentExtractor();
        records.forEach(x::accept);
        extraction = x.finish();
        SignatureEngine.Matcher m = engine.matcher();
        matched = new int[records.size()][];
        for (int i = 0; i < matched.length; i++) {
            matched[i] = m.match(records.get(i));
        }
    }

    @Benchmark
    public int prefilter() {
        int[] hits = {0};
        LiteralScreen.Hits count = id -> hits[0]++;
        for (LogRecord r : records) {
            engine.screen.scan(r.text(), count);
        }
        return hits[0];
    }

    @Benchmark
    public long matchStep() {
        SignatureEngine.Matcher m = engine.matcher();
        long n = 0;
        for (LogRecord r : records) {
            n += m.match(r).length;
        }
        return n;
    }

    @Benchmark
    public void combineStepAndFindings(Blackhole bh) {
        SignatureEngine.Evaluation e = engine.start();
        for (int i = 0; i < matched.length; i++) {
            e.combine(records.get(i), 0, matched[i]);
        }
        bh.consume(e.finish(extraction));
    }
}
