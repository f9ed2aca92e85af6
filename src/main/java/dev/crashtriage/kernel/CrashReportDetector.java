package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.function.Consumer;

/** Finds crash reports (oops, BUG, WARNING, panic...) and their extent. Placeholder: one line each. */
public final class CrashReportDetector implements Detector {

    @Override
    public void accept(LogRecord record, Consumer<IncidentBuilder> emit) {
        String t = record.text();
        IncidentKind kind = null;
        if (t.startsWith("BUG:") || t.startsWith("kernel BUG at")) {
            kind = IncidentKind.BUG;
        } else if (t.startsWith("WARNING:")) {
            kind = IncidentKind.WARNING;
        } else if (t.startsWith("Kernel panic")) {
            kind = IncidentKind.PANIC;
        }
        if (kind != null) {
            IncidentBuilder b = new IncidentBuilder(kind, record);
            b.title = t;
            emit.accept(b);
        }
    }
}
