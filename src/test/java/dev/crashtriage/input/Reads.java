package dev.crashtriage.input;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads test inputs through the real {@link LogReader}. */
final class Reads {
    private Reads() {
    }

    record Result(List<LogRecord> records, ReadSummary summary) {
        List<String> texts() {
            return records.stream().map(LogRecord::text).toList();
        }

        List<LogRecord> kernel() {
            return records.stream().filter(LogRecord::kernel).toList();
        }
    }

    static Result read(String text, LogFormat forced) {
        return read(text.getBytes(StandardCharsets.UTF_8), forced);
    }

    static Result read(byte[] bytes, LogFormat forced) {
        return read(new ByteArrayInputStream(bytes), forced, InputLimits.defaults());
    }

    static Result read(InputStream in, LogFormat forced, InputLimits limits) {
        List<LogRecord> out = new ArrayList<>();
        try {
            ReadSummary s = new LogReader(limits).read(in, "t.log", forced, out::add);
            return new Result(out, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = Reads.class.getResourceAsStream("/input/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
