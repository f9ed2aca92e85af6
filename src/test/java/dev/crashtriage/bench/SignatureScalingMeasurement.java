package dev.crashtriage.bench;

import dev.crashtriage.input.LogReader;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.Extraction;
import dev.crashtriage.kernel.KernelFacts;
import dev.crashtriage.signature.Signature;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import dev.crashtriage.signature.SignatureLoader;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Not a test: a by-hand measurement of what the catalogue's size costs per record (run with
 * {@code java -cp target/classes:target/test-classes:<deps> dev.crashtriage.bench.SignatureScalingMeasurement LOG...}).
 * Builds a catalogue of 30 line signatures shaped like real kernel messages, then the same
 * catalogue ten times over (each copy with its own literals, so the automaton really grows), and
 * times streaming the given logs through each.
 */
public final class SignatureScalingMeasurement {
    private static final String[] PATTERNS = {
        "NETDEV WATCHDOG: \\S+ \\(\\S+\\): transmit (queue \\d+ )?timed out", "tg3: \\S+: transmit timed out",
        "ata\\d+(\\.\\d+)?: error: \\{ [^}]*UNC", "Sense Key : Medium Error", "end_request: I/O error, dev \\S+",
        "Buffer I/O error on device \\S+", "EXT4-fs error \\(device \\S+\\)", "Aborting journal on device \\S+",
        "BUG: soft lockup - CPU#\\d+ stuck for \\d+s", "rcu_sched detected stalls on CPUs", "blocked for more than \\d+ seconds",
        "invoked oom-killer: gfp_mask=0x[0-9a-f]+", "Out of memory: Kill(ed)? process \\d+", "page allocation failure: order:\\d+",
        "Machine Check Exception: [0-9a-f]+", "EDAC MC\\d+: \\d+ (CE|UE) ", "Kernel panic - not syncing: ",
        "kernel BUG at \\S+:\\d+", "general protection fault: [0-9a-f]+", "Unable to handle kernel NULL pointer dereference",
        "XFS \\(\\S+\\): Corruption detected", "task abort: (SUCCESS|FAILED) scmd", "ata\\d+: (hard|soft)resetting link",
        "hrtimer: interrupt took \\d+ ns", "perf: interrupt took too long", "nfs: server \\S+ not responding",
        "mptscsih: ioc\\d+: attempting task abort", "thread_info overflow|do_IRQ: stack overflow: \\d+", "Watchdog detected hard LOCKUP on cpu \\d+",
        "list_del corruption\\. (next|prev)->\\S+ should be"};

    private SignatureScalingMeasurement() {
    }

    static List<Signature> catalogue(int copies) {
        List<Signature> out = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            for (int i = 0; i < PATTERNS.length; i++) {
                // copy 0 is the real pattern; other copies get a distinct literal so they compile to new automaton states
                String p = c == 0 ? PATTERNS[i] : PATTERNS[i].replaceFirst("^([A-Za-z]+)", "$1" + "zq" + c);
                String id = "m-" + c + "-" + i;
                String yaml = "id: " + id + "\ntitle: t\nseverity: low\narea: test\ndescription: d\nmatch:\n  scope: host\n  selections:\n"
                        + "    s: {lines: ['" + p.replace("'", "''") + "'], count: {at_least: 3, within: 5m}}\n"
                        + "  condition: s\nconfidence: {base: 0.5}\nremediation: {steps: [x]}\nreferences: [x]\n";
                SignatureLoader.Result r = SignatureLoader.load(id + ".yml", null, yaml);
                if (!r.ok()) {
                    throw new IllegalStateException(r.errors().toString());
                }
                out.add(r.signature());
            }
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        List<LogRecord> records = new ArrayList<>();
        long bytes = 0;
        for (String a : args) {
            try (InputStream in = Files.newInputStream(Path.of(a))) {
                new LogReader().read(in, a, null, records::add);
            }
            bytes += Files.size(Path.of(a));
        }
        // repeat the logs to about 2 million records so the JIT settles and timing is stable
        int repeat = Math.max(1, 2_000_000 / Math.max(1, records.size()));
        System.out.printf("%d records (%d bytes) x %d repeats%n", records.size(), bytes, repeat);
        Extraction empty = new Extraction(KernelFacts.empty(), List.of(), Map.of());
        for (int copies : new int[] {0, 1, 10, 1, 10}) {
            SignatureEngine engine = new SignatureEngine(SignatureCatalog.of(catalogue(copies)));
            // thread CPU time, not wall time: the build machine is shared and heavily oversubscribed
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long t = cpu.getCurrentThreadCpuTime();
            int findings = 0;
            for (int r = 0; r < repeat; r++) {
                SignatureEngine.Evaluation ev = engine.start();
                for (LogRecord rec : records) {
                    ev.accept(rec);
                }
                findings += ev.finish(empty).size();
            }
            double secs = (cpu.getCurrentThreadCpuTime() - t) / 1e9;
            double mb = (double) bytes * repeat / 1e6;
            System.out.printf("%4d signatures (%4d patterns, %d unfiltered): %.2f s CPU, %.0f ns/record, %.0f MB/s, %d findings%n",
                    copies * PATTERNS.length, engine.patternCount(), engine.unfilteredPatterns(), secs,
                    secs * 1e9 / ((double) records.size() * repeat), mb / secs, findings);
        }
    }
}
