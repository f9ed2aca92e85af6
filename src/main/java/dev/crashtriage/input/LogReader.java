package dev.crashtriage.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one input into records: decompression, line splitting, format detection, parsing. Placeholder. */
public final class LogReader {
    private static final Pattern DMESG = Pattern.compile("^\\[\\s*(\\d+\\.\\d+)\\]\\s?(.*)$");

    public ReadSummary read(InputStream raw, String source, LogFormat forced, Consumer<LogRecord> sink)
            throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8));
        long n = 0;
        String line;
        while ((line = r.readLine()) != null) {
            n++;
            Matcher m = DMESG.matcher(line);
            if (m.matches()) {
                sink.accept(new LogRecord(source, n, null, Double.parseDouble(m.group(1)), null, -1, null,
                        "kernel", true, m.group(2)));
            } else {
                sink.accept(LogRecord.plain(source, n, line));
            }
        }
        return new ReadSummary(forced != null ? forced : LogFormat.DMESG, n, 0, 0, null, List.of());
    }
}
