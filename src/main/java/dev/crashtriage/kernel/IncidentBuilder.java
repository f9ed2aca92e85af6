package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.ArrayList;
import java.util.List;

/** Mutable incident under construction while a detector reads its lines. */
public final class IncidentBuilder {
    /** An incident keeps at most this many of its own lines; the rest are counted, not kept. */
    public static final int MAX_LINES = 512;
    public static final int MAX_FRAMES = 256;

    public IncidentKind kind;
    public String title;
    public String source;
    public long line;
    public long endLine;
    public Double time;
    public String wallTime;
    public Integer cpu;
    public Integer pid;
    public String comm;
    public String taint;
    public final List<String> modules = new ArrayList<>();
    public final List<Frame> frames = new ArrayList<>();
    public String guiltyFrame;
    public boolean corrupted;
    public String corruptedReason;
    /** Facts, written only through the typed constants of {@link Facts}. */
    public final FactMap facts = new FactMap();
    public final List<LogRecord> lines = new ArrayList<>();
    public long droppedLines;
    /** RCU stall reports without a braces list name one stalled CPU per line: counted here, a fact at the end. */
    int stallCpusListed;

    public IncidentBuilder(IncidentKind kind, LogRecord first) {
        this.kind = kind;
        this.source = first.source();
        this.line = first.line();
        this.endLine = first.line();
        this.time = first.hasMonoTime() ? first.monoTime() : null;
        this.wallTime = first.wallTime();
        add(first);
    }

    /** Appends a line to the report, keeping memory bounded. */
    public void add(LogRecord record) {
        endLine = Math.max(endLine, record.line());
        if (lines.size() < MAX_LINES) {
            lines.add(record);
        } else {
            droppedLines++;
        }
    }

    public void addFrame(Frame frame) {
        if (frames.size() < MAX_FRAMES) {
            frames.add(frame);
        }
    }

    public void markCorrupted(String reason) {
        if (!corrupted) {
            corrupted = true;
            corruptedReason = reason;
        }
    }

    public Incident build(String id, String fingerprint, int boot) {
        if (droppedLines > 0) {
            facts.put(Facts.LINES_NOT_KEPT, droppedLines);
        }
        assert Facts.undeclared(kind, facts.names()).isEmpty()
                : "facts " + Facts.undeclared(kind, facts.names()) + " are not declared for " + kind.id();
        return new Incident(id, kind, title, source, line, endLine, time, wallTime, cpu, pid, comm, taint,
                List.copyOf(modules), List.copyOf(frames), guiltyFrame, corrupted, corruptedReason,
                fingerprint, facts.snapshot(),
                List.copyOf(lines), boot);
    }
}
