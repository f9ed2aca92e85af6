package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.List;
import java.util.Map;

/**
 * One kernel incident found in a log: a crash report, a lockup, an OOM kill, a run of I/O errors...
 *
 * @param id              stable within one result: "I1", "I2", ... in order of appearance
 * @param kind            what kind of incident
 * @param title           syzkaller-style title: "&lt;header&gt; in &lt;guilty function&gt;"
 * @param source          the input it came from
 * @param line            first line (1-based, in the original input)
 * @param endLine         last line
 * @param time            kernel monotonic seconds of the first line, or null
 * @param wallTime        wall-clock time of the first line, or null
 * @param cpu             CPU number, or null
 * @param pid             PID, or null
 * @param comm            task name, or null
 * @param taint           taint string as printed ("G        W  O"), or null
 * @param modules         "Modules linked in:" list, empty if none
 * @param frames          stack frames in printed order
 * @param guiltyFrame     the frame blamed (generic frames skipped), or null
 * @param corrupted       true when the report is cut, interleaved or glued to another
 * @param corruptedReason why it is marked corrupted, or null
 * @param fingerprint     stable hash of the crash (same crash elsewhere = same value)
 * @param facts           kind-specific facts by name, as declared in {@link Facts} (read them with {@link #fact})
 * @param lines           the report's own lines (bounded), for evidence and signatures
 * @param boot            index of the boot session it happened in (0-based)
 */
public record Incident(String id, IncidentKind kind, String title, String source, long line, long endLine,
                       Double time, String wallTime, Integer cpu, Integer pid, String comm, String taint,
                       List<String> modules, List<Frame> frames, String guiltyFrame,
                       boolean corrupted, String corruptedReason, String fingerprint,
                       Map<String, Object> facts, List<LogRecord> lines, int boot) {

    /** A fact by its typed constant, or null when the incident does not carry it. */
    @SuppressWarnings("unchecked")
    public <T> T fact(Fact<T> fact) {
        return (T) facts.get(fact.name());
    }

    /** The same incident under another id (the extractor numbers incidents once the stream is read). */
    public Incident withId(String newId) {
        return new Incident(newId, kind, title, source, line, endLine, time, wallTime, cpu, pid, comm, taint, modules,
                frames, guiltyFrame, corrupted, corruptedReason, fingerprint, facts, lines, boot);
    }

    /** A numeric fact, or null when absent or not a number. */
    public Double numericFact(String name) {
        Object v = facts.get(name);
        return v instanceof Number n ? n.doubleValue() : null;
    }
}
