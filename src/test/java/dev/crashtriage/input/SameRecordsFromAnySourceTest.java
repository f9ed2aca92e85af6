package dev.crashtriage.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cat x | crashtriage analyze} and {@code crashtriage analyze x.gz} see what {@code analyze x} sees. */
class SameRecordsFromAnySourceTest {

    @TempDir
    Path dir;

    @Test
    void pipeGzipXzAndPlainFileAgree() throws IOException {
        byte[] plain = Reads.resource("serial-syzkaller-118.log").getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(dir.resolve("console.log"), plain);
        Path gz = Files.write(dir.resolve("console.log.gz"), DecompressionTest.gzip(plain));
        Path xzNoSuffix = Files.write(dir.resolve("console.archive"), DecompressionTest.xz(plain));
        List<InputProblem> problems = new ArrayList<>();
        List<InputTarget> targets = new InputOpener(new ByteArrayInputStream(plain))
                .expand(List.of(file.toString(), "-", gz.toString(), xzNoSuffix.toString()), problems::add);
        assertTrue(problems.isEmpty());
        List<List<LogRecord>> seen = new ArrayList<>();
        for (InputTarget t : targets) {
            List<LogRecord> records = new ArrayList<>();
            try (InputStream in = t.opener().open()) {
                ReadSummary s = new LogReader().read(in, "same", null, records::add);
                assertEquals(LogFormat.SERIAL, s.format());
            }
            seen.add(records);
        }
        assertTrue(seen.get(0).size() > 20);
        for (List<LogRecord> other : seen.subList(1, seen.size())) {
            assertEquals(seen.get(0), other);
        }
    }
}
