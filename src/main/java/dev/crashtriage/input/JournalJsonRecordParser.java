package dev.crashtriage.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * {@code journalctl -o json}: one object per line. Uses MESSAGE (a string, or an array of byte values
 * when the message is not valid UTF-8), _HOSTNAME, _TRANSPORT ("kernel" for kernel messages),
 * SYSLOG_IDENTIFIER, PRIORITY, __REALTIME_TIMESTAMP and _SOURCE_MONOTONIC_TIMESTAMP (microseconds), and
 * _BOOT_ID: a change of boot id becomes a "journal" record like journalctl's own {@code -- Boot ... --}.
 * Parsed with the streaming API, field by field, without building a tree.
 */
final class JournalJsonRecordParser implements RecordParser {
    private static final JsonFactory JSON = new JsonFactory();

    private final String source;
    private String lastBoot;
    private String lastHost;

    // Fields of the entry being parsed.
    private String message;
    private String host;
    private String transport;
    private String identifier;
    private String comm;
    private int priority;
    private long realtime;
    private long sourceMono;
    private String bootId;

    JournalJsonRecordParser(String source) {
        this.source = source;
    }

    @Override
    public void parse(long lineNo, String line, Consumer<LogRecord> out) {
        if (!line.startsWith("{")) {
            if (!line.isBlank()) {
                out.accept(new LogRecord(source, lineNo, lastHost, Double.NaN, null, -1, null, null, false, line));
            }
            return;
        }
        reset();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "MESSAGE":
                        message = value == JsonToken.START_ARRAY ? bytesMessage(p) : textOf(p, value);
                        break;
                    case "_HOSTNAME":
                        host = textOf(p, value);
                        break;
                    case "_TRANSPORT":
                        transport = textOf(p, value);
                        break;
                    case "SYSLOG_IDENTIFIER":
                        identifier = textOf(p, value);
                        break;
                    case "_COMM":
                        comm = textOf(p, value);
                        break;
                    case "PRIORITY":
                        priority = parseInt(textOf(p, value), -1);
                        break;
                    case "__REALTIME_TIMESTAMP":
                        realtime = parseLong(textOf(p, value));
                        break;
                    case "_SOURCE_MONOTONIC_TIMESTAMP":
                        sourceMono = parseLong(textOf(p, value));
                        break;
                    case "_BOOT_ID":
                        bootId = textOf(p, value);
                        break;
                    default:
                        p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (message == null) {
                out.accept(new LogRecord(source, lineNo, lastHost, Double.NaN, null, -1, null, null, false,
                        TextCleaner.clean(line)));
                return;
            }
            // A line cut at the length cap still has its leading fields; use what was parsed.
        }
        emit(lineNo, out);
    }

    private void emit(long lineNo, Consumer<LogRecord> out) {
        if (host != null) {
            lastHost = host;
        }
        String wall = realtime >= 0 ? Instant.ofEpochSecond(realtime / 1_000_000, (realtime % 1_000_000) * 1000)
                .toString() : null;
        if (bootId != null && !bootId.equals(lastBoot)) {
            out.accept(new LogRecord(source, lineNo, host, Double.NaN, wall, -1, null,
                    JournalTextRecordParser.JOURNAL_PROGRAM, false, "-- Boot " + bootId + " --"));
            lastBoot = bootId;
        }
        boolean kernel = "kernel".equals(transport);
        String program = kernel ? "kernel" : identifier != null ? identifier : comm;
        double mono = sourceMono >= 0 ? sourceMono / 1e6 : Double.NaN;
        String text = message == null ? "" : message;
        int from = 0;
        int nl;
        while ((nl = text.indexOf('\n', from)) >= 0) {
            out.accept(new LogRecord(source, lineNo, host, mono, wall, priority, null, program, kernel,
                    TextCleaner.clean(text.substring(from, nl))));
            from = nl + 1;
        }
        if (from == 0 || from < text.length()) {
            out.accept(new LogRecord(source, lineNo, host, mono, wall, priority, null, program, kernel,
                    TextCleaner.clean(from == 0 ? text : text.substring(from))));
        }
    }

    private void reset() {
        message = null;
        host = null;
        transport = null;
        identifier = null;
        comm = null;
        priority = -1;
        realtime = -1;
        sourceMono = -1;
        bootId = null;
    }

    private static String textOf(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** MESSAGE as an array of byte values: journald's form for messages that are not valid UTF-8. */
    private static String bytesMessage(JsonParser p) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t == JsonToken.VALUE_NUMBER_INT) {
                bytes.write(p.getIntValue());
            }
        }
        byte[] b = bytes.toByteArray();
        // Newlines are kept so that a multi-line message still becomes several records.
        StringBuilder text = new StringBuilder();
        int start = 0;
        for (int i = 0; i <= b.length; i++) {
            if (i == b.length || b[i] == '\n') {
                if (start > 0) {
                    text.append('\n');
                }
                text.append(TextCleaner.clean(b, start, i - start));
                start = i + 1;
            }
        }
        return text.toString();
    }

    private static int parseInt(String s, int fallback) {
        if (s == null || s.length() != 1 || !KernelLineParser.isDigit(s.charAt(0))) {
            return fallback;
        }
        return s.charAt(0) - '0';
    }

    private static long parseLong(String s) {
        if (s == null) {
            return -1;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean looksLikeEntry(String line) {
        return line.startsWith("{") && (line.contains("\"MESSAGE\"") || line.contains("\"__REALTIME_TIMESTAMP\""));
    }
}
