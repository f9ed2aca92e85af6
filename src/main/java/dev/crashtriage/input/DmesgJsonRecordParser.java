package dev.crashtriage.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * {@code dmesg --json} (util-linux 2.38 and later): one pretty-printed document
 * <pre>
 * {
 *    "dmesg": [
 *       {
 *          "pri": 6,
 *          "time":     0.000000,
 *          "caller": "T1",
 *          "msg": "Linux version ..."
 *       },{
 * </pre>
 * util-linux's dmesg.c writes each record's fields in the order pri (or fac and pri with
 * {@code -x}), time, caller, msg, one field a line, so the record is emitted at its msg line and
 * numbered by it; the document is never held whole. "pri" without {@code -x} is the raw
 * facility*8+level number.
 */
final class DmesgJsonRecordParser implements RecordParser {
    private static final JsonFactory JSON = new JsonFactory();

    private final String source;
    private final KernelLineParser kernel;
    private int level = -1;
    private boolean kernelFacility = true;
    private double time = Double.NaN;
    private String caller;

    DmesgJsonRecordParser(String source) {
        this.source = source;
        this.kernel = new KernelLineParser(source);
    }

    /** True for the line that opens dmesg's array: what tells this format from journal JSON. */
    static boolean isArrayStart(String line) {
        String t = line.strip();
        return t.startsWith("\"dmesg\"") && t.endsWith("[");
    }

    @Override
    public void parse(long lineNo, String line, Consumer<LogRecord> out) {
        String t = line.strip();
        // object boundaries: "{", "},{", "}," "]", "}"
        while (t.startsWith("}") || t.startsWith("{") || t.startsWith(",") || t.startsWith("]")) {
            if (t.startsWith("{")) {
                reset();
            }
            t = t.substring(1).strip();
        }
        if (t.isEmpty() || isArrayStart(t)) {
            return;
        }
        if (!t.startsWith("\"")) {
            // not dmesg's JSON (a stray line in a capture): kept as text, not from the kernel
            out.accept(new LogRecord(source, lineNo, null, Double.NaN, null, -1, null, null, false, line));
            return;
        }
        int colon = t.indexOf("\":");
        if (colon < 0) {
            out.accept(new LogRecord(source, lineNo, null, Double.NaN, null, -1, null, null, false, line));
            return;
        }
        String name = t.substring(1, colon);
        String value = t.substring(colon + 2).strip();
        if (value.endsWith(",")) {
            value = value.substring(0, value.length() - 1).strip();
        }
        switch (name) {
            case "pri":
                if (value.startsWith("\"")) {
                    level = DmesgDecodedRecordParser.levelNumber(unquote(value));
                } else {
                    int raw = parseInt(value);
                    level = raw < 0 ? -1 : raw & 7;
                    kernelFacility = raw < 0 || raw >> 3 == 0;
                }
                break;
            case "fac":
                kernelFacility = "kern".equals(unquote(value));
                break;
            case "time":
                time = parseDouble(value.startsWith("\"") ? unquote(value) : value);
                break;
            case "caller":
                caller = unquote(value);
                break;
            case "msg":
                String msg = TextCleaner.clean(unquote(value));
                if (kernelFacility) {
                    String id = caller;
                    kernel.parse(lineNo, null, null, time, level, null, msg, 0, id == null ? out
                            : r -> out.accept(new LogRecord(r.source(), r.line(), r.host(), r.monoTime(), r.wallTime(),
                                    r.level(), id, r.program(), r.kernel(), r.text())));
                } else {
                    // a userspace line written to /dev/kmsg (systemd, kernel facility other than 0)
                    out.accept(new LogRecord(source, lineNo, null, time, null, level, caller, null, false, msg));
                }
                reset();
                break;
            default:
                break;
        }
    }

    private void reset() {
        level = -1;
        kernelFacility = true;
        time = Double.NaN;
        caller = null;
    }

    /** A JSON string value decoded (escapes and all); anything else as written. */
    private static String unquote(String value) {
        if (!value.startsWith("\"")) {
            return value;
        }
        try (JsonParser p = JSON.createParser(value)) {
            return p.nextToken() == JsonToken.VALUE_STRING ? p.getText() : value;
        } catch (IOException e) {
            // a message cut at the line-length cap loses its closing quote: keep what is there
            String s = value.substring(1);
            return s.endsWith("\"") ? s.substring(0, s.length() - 1) : s;
        }
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
