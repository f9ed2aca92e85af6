package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test-side stand-in for the input layer: turns raw dmesg text ("[ 123.456789][ T42] text", or
 * plain text) into {@link LogRecord}s with the timestamp and caller id split off, and runs the
 * kernel-layer detectors over them.
 */
final class TestLogs {
    private static final Pattern PREFIX = Pattern.compile(
            "^(?:<[0-9]+>)?\\[ *([0-9]+\\.[0-9]+)\\](?:\\[ *([CT][0-9]+)\\])? ?");

    private TestLogs() {
    }

    /** What a user gets from a log: the input layer and every detector, the incidents in order. */
    static List<Incident> incidentsOf(String log) {
        IncidentExtractor x = new IncidentExtractor();
        try {
            new dev.crashtriage.input.LogReader().read(
                    new java.io.ByteArrayInputStream(log.getBytes(StandardCharsets.ISO_8859_1)), "test", null, x::accept);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return x.finish().incidents();
    }

    static List<LogRecord> records(String source, String text) {
        List<LogRecord> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        int n = lines.length;
        if (n > 0 && lines[n - 1].isEmpty()) {
            n--;
        }
        for (int i = 0; i < n; i++) {
            Matcher m = PREFIX.matcher(lines[i]);
            if (m.lookingAt()) {
                out.add(new LogRecord(source, i + 1, null, Double.parseDouble(m.group(1)), null, -1, m.group(2), "kernel", true,
                        lines[i].substring(m.end())));
            } else {
                out.add(LogRecord.plain(source, i + 1, lines[i]));
            }
        }
        return out;
    }

    static String resource(String path) {
        try (InputStream in = TestLogs.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one detector over a log and returns what it emitted, in order of first line. */
    static List<IncidentBuilder> detect(Detector d, List<LogRecord> records) {
        List<IncidentBuilder> found = new ArrayList<>();
        Consumer<IncidentBuilder> sink = found::add;
        for (LogRecord r : records) {
            d.accept(r, sink);
        }
        d.finish(sink);
        found.sort((a, b) -> Long.compare(a.line, b.line));
        return found;
    }

    /** The crash reports of a kernel-reports resource, whose "#" lines name its source and are not part of the log. */
    static List<IncidentBuilder> crashesInReport(String name) {
        StringBuilder log = new StringBuilder();
        for (String l : resource("/kernel-reports/" + name).split("\n", -1)) {
            if (!l.startsWith("#")) {
                log.append(l).append('\n');
            }
        }
        return detect(new CrashReportDetector(), records(name, log.toString()));
    }

    static List<IncidentBuilder> crashes(String resourcePath) {
        return detect(new CrashReportDetector(), records(resourcePath, resource(resourcePath)));
    }
}
