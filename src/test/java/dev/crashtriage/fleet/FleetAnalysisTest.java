package dev.crashtriage.fleet;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How incidents become crash events, and the three tests on hand-checkable numbers. */
class FleetAnalysisTest {
    private static StoredOccurrence occ(String host, String kind, String title, LocalDateTime local, Double kernelTime,
                                        int boot, long line) {
        return new StoredOccurrence(host, host + ".log", boot, kind, title, title == null ? null : "fp-" + title, 2,
                local, local == null ? null : local.toInstant(ZoneOffset.UTC), null, kernelTime, "2.6.18", line,
                line + 20, List.of(), List.of());
    }

    private final FleetAnalysis analysis = new FleetAnalysis(FleetReport.Thresholds.defaults(120));

    @Test
    void oneCrashPrintingThreeIncidentsIsOneEventNamedByItsWholeReport() {
        LocalDateTime t = LocalDateTime.of(2009, 11, 3, 22, 14, 3);
        List<FleetAnalysis.Event> events = analysis.events(List.of(
                occ("vm1", "list-corruption", "BUG: corrupted list in corrupted", t, 100.0, 0, 10),
                occ("vm1", "bug", "kernel BUG at lib/list_debug.c:67", t, 100.0, 0, 12),
                occ("vm1", "unclean-reboot", "unclean reboot", t.plusMinutes(4), 0.0, 1, 60),
                occ("vm1", "bug", "kernel BUG at lib/list_debug.c:67", t.plusDays(1), 5.0, 1, 200)));
        assertEquals(2, events.size());
        assertEquals("kernel BUG at lib/list_debug.c:67", events.get(0).lead().title());
        assertEquals(3, events.get(0).all().size());
    }

    @Test
    void withoutAWallClockTheKernelClockMergesWithinOneBoot() {
        List<FleetAnalysis.Event> events = analysis.events(List.of(
                occ("db1", "io-error", "ATA media error on sda", null, 812.0, 0, 10),
                occ("db1", "io-error", "ATA media error on sda", null, 850.0, 0, 30),
                occ("db1", "io-error", "ATA media error on sda", null, 850.0, 1, 90),
                occ("db1", "io-error", "ATA media error on sda", null, null, 1, 120)));
        assertEquals(3, events.size(), "the first two are one event; another boot and an untimed one are not");
    }

    @Test
    void theStatisticsOnNumbersOneCanCheckByHand() {
        // five angles at exactly the same hour: R = 1, Z = 5; p about exp(-5) corrected for n = 5
        double[] same = {1, 1, 1, 1, 1};
        assertTrue(FleetStatistics.rayleighP(same) < 0.01);
        double[] spread = new double[24];
        for (int i = 0; i < 24; i++) {
            spread[i] = 2 * Math.PI * i / 24;
        }
        assertTrue(FleetStatistics.rayleighP(spread) > 0.9, "uniform round the clock");
        // Fisher: 5 of 5 affected vs 0 of 23 unaffected = 1 / C(28, 5)
        assertEquals(1.0 / 98280, FleetStatistics.fisherGreater(5, 5, 0, 23), 1e-12);
        // 5 of 5 vs 8 of 23: C(13,5)/C(28,5)
        assertEquals(1287.0 / 98280, FleetStatistics.fisherGreater(5, 5, 8, 23), 1e-9);
        // Poisson: P(K >= 1 | mu) = 1 - e^-mu; P(K >= 4 | 0.001) is about 0.001^4 / 24
        assertEquals(1 - Math.exp(-0.5), FleetStatistics.poissonUpperTail(1, 0.5), 1e-12);
        assertEquals(Math.pow(0.001, 4) / 24, FleetStatistics.poissonUpperTail(4, 0.001), 1e-15);
    }
}
