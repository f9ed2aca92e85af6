package dev.crashtriage.triage;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.input.LogFormat;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.input.ReadSummary;
import dev.crashtriage.kernel.KernelFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tells an input that held a kernel log from one that did not (empty, binary, another program's
 * log, dmesg's or journalctl's own message instead of a log), so that "no kernel incidents found"
 * is never said of nothing: a CI gate fed an empty capture must not pass. {@link Pipeline.Run} shows
 * it every record; it only counts.
 */
final class KernelLogCheck implements Consumer<LogRecord> {
    /** Texts kept to recognise a tool's own message; those are a line or two. */
    private static final int FIRST_TEXTS = 8;
    /** Records whose characters are scanned for replacement characters (undecodable bytes). */
    private static final int SCANNED = 64;

    private final List<String> firstTexts = new ArrayList<>();
    private long records;
    private long kernelRecords;
    private long scannedChars;
    private long replacementChars;
    private long scannedLines;
    private long shapedLines;

    @Override
    public void accept(LogRecord r) {
        if (records < SCANNED) {
            String t = r.text();
            if (firstTexts.size() < FIRST_TEXTS && !t.isBlank()) {
                firstTexts.add(t.strip());
            }
            scannedChars += t.length();
            if (!t.isBlank()) {
                scannedLines++;
                if (printkShaped(t)) {
                    shapedLines++;
                }
            }
            for (int i = 0; i < t.length(); i++) {
                if (t.charAt(i) == '\ufffd') {
                    replacementChars++;
                }
            }
        }
        records++;
        if (r.kernel()) {
            kernelRecords++;
        }
    }

    /**
     * Why the input held no kernel log, or null when it did.
     *
     * @param summary what the reader said (null when reading failed before the end)
     * @param results the input's analysed streams
     * @param forced  whether the format was forced with --input-format (then it may be why)
     */
    String verdict(ReadSummary summary, List<HostResult> results, boolean forced) {
        for (String t : firstTexts) {
            if (t.startsWith("dmesg: ") && firstTexts.size() <= 2) {
                if (t.contains("Operation not permitted")) {
                    return "holds dmesg's error instead of a kernel log (\"" + t + "\"): with kernel.dmesg_restrict=1 "
                            + "only CAP_SYSLOG may read it; capture it with sudo dmesg";
                }
                return "holds dmesg's own error instead of a kernel log (\"" + t + "\")";
            }
            if (t.equals("-- No entries --")) {
                return "holds journalctl's \"-- No entries --\": the journal query matched nothing (check -k, -b, "
                        + "--since and the journal's retention)";
            }
        }
        if (records == 0 || firstTexts.isEmpty()) {
            if (summary != null && summary.bytes() == 0) {
                return "empty input (0 bytes): no log to analyse";
            }
            return "no log lines: the input holds only blank lines or control characters";
        }
        if (replacementChars * 10 > scannedChars) {
            return "binary data, not a text log (" + replacementChars + " of the first " + scannedChars
                    + " characters are not text)";
        }
        LogFormat format = summary == null ? null : summary.format();
        if (kernelRecords == 0) {
            return "no kernel messages: " + records + " " + (format == null ? "" : format.id() + " ")
                    + "records, none from the kernel" + (forced ? " (is --input-format " + format.id() + " right?)" : "");
        }
        if (format == LogFormat.PLAIN && !kernelContent(results) && shapedLines * 3 < scannedLines) {
            return "not recognised as a kernel log: no kernel timestamps, no syslog or journal envelope, few "
                    + "'subsystem: message' lines, and nothing only the kernel writes (boot banner, modules, an incident "
                    + "or a cause) in " + records + " lines";
        }
        return null;
    }

    /**
     * The shape of most printk lines without a timestamp: a short prefix naming the subsystem or device
     * ("x86/fpu", "EXT4-fs (loop4)", "ata1.00", "Spectre V2 ") and a colon, then the message. Prose and
     * markdown rarely start that way; a boot log without printk times mostly does.
     */
    static boolean printkShaped(String text) {
        String t = text.stripLeading();
        int colon = t.indexOf(": ");
        if (colon <= 0 || colon > 48 || colon + 2 >= t.length()) {
            return false;
        }
        int spaces = 0;
        for (int i = 0; i < colon; i++) {
            char c = t.charAt(i);
            if (c == ' ') {
                spaces++;
            } else if (c == '.' && i + 1 < colon && t.charAt(i + 1) == ' ' || c == ',' || c == '*' || c == '#'
                    || c == '`' || c == '"') {
                return false;
            }
        }
        return spaces <= 2;
    }

    /** Anything only a kernel writes, or a signature match: what makes plain text without timestamps a kernel log. */
    private static boolean kernelContent(List<HostResult> results) {
        for (HostResult r : results) {
            KernelFacts k = r.kernel();
            if (!r.incidents().isEmpty() || !r.causes().isEmpty() || !r.context().isEmpty() || k.version() != null
                    || k.arch() != null
                    || k.hardware() != null || k.taint() != null || !k.modules().isEmpty() || k.boots().size() > 1
                    || k.boots().stream().anyMatch(b -> b.version() != null || b.unclean())) {
                return true;
            }
        }
        return false;
    }

    /** The problem for {@link #verdict}'s reason: an input error (--allow-empty makes it a note). */
    static InputProblem problem(String source, String reason) {
        return new InputProblem(source, reason, true, InputProblem.Kind.NO_KERNEL_LOG);
    }
}
