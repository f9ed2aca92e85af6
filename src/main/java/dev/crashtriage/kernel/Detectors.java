package dev.crashtriage.kernel;

import java.util.List;

/** The standard set of detectors, in the order they see each record. */
public final class Detectors {
    private Detectors() {
    }

    public static List<Detector> standard() {
        return List.of(new CrashReportDetector(), new TaskDumpDetector(),
                new OomKillDetector(), new PageAllocationFailureDetector(), new StackOverflowDetector(),
                new HardwareErrorDetector(), new BlockIoDetector(), new FilesystemErrorDetector(),
                new NicTxTimeoutDetector(), new DeviceEventDetector());
    }
}
