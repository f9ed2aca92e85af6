package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the test logs under src/test/resources/kernel-events into records the way the input layer does for
 * the formats they use (raw dmesg, dmesg -T, BSD syslog with or without a kernel timestamp, plain console),
 * so that kernel-layer tests do not depend on the input layer's progress. "#: " lines are attribution and
 * are skipped, but still count as lines so that line numbers match the file.
 */
final class EventTestLogs {
    private static final Pattern DMESG = Pattern.compile("^\\[\\s*(\\d+\\.\\d+)\\](?:\\[\\s*([TC]\\d+)\\])? ?(.*)$");
    private static final Pattern DMESG_T = Pattern.compile(
            "^\\[\\w{3} (\\w{3}) +(\\d+) (\\d\\d:\\d\\d:\\d\\d) (\\d{4})\\] ?(.*)$");
    private static final Pattern SYSLOG = Pattern.compile(
            "^(\\w{3}) +(\\d+) (\\d\\d:\\d\\d:\\d\\d) (\\S+) ([^:\\[\\s]+)(?:\\[\\d+\\])?: ?(.*)$");
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private EventTestLogs() {
    }

    static List<LogRecord> read(String name) {
        InputStream in = EventTestLogs.class.getResourceAsStream("/kernel-events/" + name);
        if (in == null) {
            throw new IllegalArgumentException("no test log " + name);
        }
        List<LogRecord> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (!line.startsWith("#: ")) {
                    out.add(parse(name, n, line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static LogRecord parse(String source, long n, String line) {
        Matcher m = DMESG.matcher(line);
        if (m.matches()) {
            return new LogRecord(source, n, null, Double.parseDouble(m.group(1)), null, -1, m.group(2), "kernel", true,
                    m.group(3));
        }
        m = DMESG_T.matcher(line);
        if (m.matches()) {
            String wall = m.group(4) + "-" + month(m.group(1)) + "-" + two(m.group(2)) + "T" + m.group(3);
            return new LogRecord(source, n, null, Double.NaN, wall, -1, null, "kernel", true, m.group(5));
        }
        m = SYSLOG.matcher(line);
        if (m.matches()) {
            String wall = month(m.group(1)) + "-" + two(m.group(2)) + "T" + m.group(3);
            String program = m.group(5);
            String text = m.group(6);
            double mono = Double.NaN;
            Matcher k = DMESG.matcher(text);
            if (program.equals("kernel") && k.matches()) {
                mono = Double.parseDouble(k.group(1));
                text = k.group(3);
            }
            return new LogRecord(source, n, m.group(4), mono, wall, -1, null, program, program.equals("kernel"), text);
        }
        return LogRecord.plain(source, n, line);
    }

    private static String month(String mon) {
        int i = MONTHS.indexOf(mon.substring(0, 1).toUpperCase(Locale.ROOT) + mon.substring(1, 3));
        return two(String.valueOf(i / 3 + 1));
    }

    private static String two(String s) {
        return s.length() == 1 ? "0" + s : s;
    }

    /** Runs the given detectors (and the facts collector) over a test log. */
    static Extraction extract(String name, Detector... detectors) {
        IncidentExtractor x = new IncidentExtractor(List.of(detectors));
        for (LogRecord r : read(name)) {
            x.accept(r);
        }
        return x.finish();
    }

    /** Runs the standard detectors over a test log. */
    static Extraction extractAll(String name) {
        IncidentExtractor x = new IncidentExtractor();
        for (LogRecord r : read(name)) {
            x.accept(r);
        }
        return x.finish();
    }

    static List<Incident> ofKind(Extraction e, IncidentKind... kinds) {
        List<Incident> out = new ArrayList<>();
        for (Incident i : e.incidents()) {
            for (IncidentKind k : kinds) {
                if (i.kind() == k) {
                    out.add(i);
                }
            }
        }
        return out;
    }
}
