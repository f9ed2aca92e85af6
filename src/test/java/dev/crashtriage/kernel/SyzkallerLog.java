package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One annotated console log from syzkaller's report test data: the header (TITLE, ALT, CORRUPTED...)
 * and the console lines turned into {@link LogRecord}s the way the input layer does it (timestamp
 * and caller id split off, text after them).
 */
record SyzkallerLog(String name, String title, List<String> alts, boolean corrupted, String type, String frame,
                    List<LogRecord> records) {

    /** Console prefix: optional dropped-messages note or login prompt, optional level, [time], optional [caller]. */
    private static final Pattern PREFIX = Pattern.compile(
            "^(?:\\*\\* [0-9]+ printk messages dropped \\*\\* )?(?:.* login: )?(?:<[0-9]+>)?\\[ *([0-9]+\\.[0-9]+)\\](?:\\[ *([CT][0-9]+)\\])? ?");

    static SyzkallerLog read(Path file) throws IOException {
        // ISO-8859-1 keeps every byte: the logs hold stray non-UTF-8 bytes.
        String all = Files.readString(file, StandardCharsets.ISO_8859_1);
        String[] lines = all.split("\n", -1);
        String title = null;
        boolean corrupted = false;
        String type = null;
        String frame = null;
        List<String> alts = new ArrayList<>();
        int i = 0;
        for (; i < lines.length && !lines[i].isEmpty(); i++) {
            String l = lines[i];
            if (l.startsWith("TITLE:")) {
                title = l.substring(6).strip();
            } else if (l.startsWith("ALT:")) {
                alts.add(l.substring(4).strip());
            } else if (l.startsWith("CORRUPTED: Y")) {
                corrupted = true;
            } else if (l.startsWith("TYPE:")) {
                type = l.substring(5).strip();
            } else if (l.startsWith("FRAME:")) {
                frame = l.substring(6).strip();
            }
        }
        if (title != null && title.isEmpty()) {
            title = null;
        }
        List<LogRecord> records = new ArrayList<>();
        String name = file.getFileName().toString();
        for (i = i + 1; i < lines.length; i++) {
            String l = lines[i];
            if (l.equals("REPORT:") && i > 0 && lines[i - 1].isEmpty()) {
                break;
            }
            records.add(record(name, i + 1, l));
        }
        return new SyzkallerLog(name, title, alts, corrupted, type, frame, records);
    }

    static LogRecord record(String source, long line, String raw) {
        String l = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        Matcher m = PREFIX.matcher(l);
        if (m.lookingAt()) {
            return new LogRecord(source, line, null, Double.parseDouble(m.group(1)), null, -1, m.group(2), "kernel", true,
                    l.substring(m.end()));
        }
        // Lines without a kernel timestamp come from the fuzzer or the shell, not from printk.
        return new LogRecord(source, line, null, Double.NaN, null, -1, null, null, false, l);
    }

    /** Runs the crash-report detector over the log and returns what it found, in order. */
    List<IncidentBuilder> crashReports() {
        List<IncidentBuilder> found = new ArrayList<>();
        Consumer<IncidentBuilder> sink = found::add;
        CrashReportDetector d = new CrashReportDetector();
        for (LogRecord r : records) {
            d.accept(r, sink);
        }
        d.finish(sink);
        found.sort((a, b) -> Long.compare(a.line, b.line));
        return found;
    }
}
