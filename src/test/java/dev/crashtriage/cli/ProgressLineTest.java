package dev.crashtriage.cli;

import dev.crashtriage.input.InputTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The progress line: only on a terminal's stderr, only for big inputs, redrawn in place, wiped at the end. */
class ProgressLineTest {

    /**
     * The real-world A-2 oops (see src/test/resources/logs/README.md) followed by constructed ordinary
     * driver lines, to a few MiB.
     */
    private static byte[] bigLog(int megabytes) throws IOException {
        byte[] oops = Files.readAllBytes(Path.of("src/test/resources/logs/A-2.log"));
        byte[] chatter = "usb 1-1: new high-speed USB device number 2 using ehci_hcd\n".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[megabytes << 20];
        System.arraycopy(oops, 0, out, 0, oops.length);
        for (int i = oops.length; i < out.length; i += chatter.length) {
            System.arraycopy(chatter, 0, out, i, Math.min(chatter.length, out.length - i));
        }
        return out;
    }

    private static CliRun run(byte[] stdin, boolean stderrIsTerminal, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Env env = new Env(new PrintWriter(out), new PrintWriter(err), new ByteArrayInputStream(stdin), Map.of(),
                false, false, new Interrupts(), stderrIsTerminal);
        int code = CommandLineFactory.run(env, args);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void aTerminalSeesTheLineAndThenACleanStderr() throws IOException {
        byte[] log = bigLog(6);
        CliRun onTerminal = run(log, true, "analyze", "--format", "json", "-");
        CliRun piped = run(log, false, "analyze", "--format", "json", "-");
        assertEquals(piped.out(), onTerminal.out(), "the report is the same either way");
        assertEquals(piped.code(), onTerminal.code());
        String err = onTerminal.err();
        assertTrue(err.startsWith("\r-: "), err);
        assertTrue(err.contains(" MB, ") && err.contains(" MB/s") && err.contains(" incident"), err);
        assertFalse(err.contains("ETA"), "stdin has no size, so no ETA: " + err);
        // the last thing the line did was wipe itself: carriage return, blanks, carriage return
        String wiped = err.substring(0, err.lastIndexOf('\r') + 1);
        assertTrue(wiped.matches("(?s).*\r +\r$"), err);
        assertEquals(piped.err(), err.substring(wiped.length()), "whatever else stderr says follows the wiped line");
    }

    @Test
    void notATerminalOrASmallInputGetsNothing() throws IOException {
        CliRun piped = run(bigLog(6), false, "analyze", "-");
        assertFalse(piped.err().contains("\r"), piped.err());
        CliRun small = run(bigLog(1), true, "analyze", "-");
        assertFalse(small.err().contains("\r"), "below " + ProgressLine.MIN_BYTES + " bytes: " + small.err());
    }

    @Test
    void aFileShowsItsShareAndETAAndRedrawsOnlyAsTheClockMoves(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("console.log");
        Files.write(file, bigLog(5));
        StringWriter err = new StringWriter();
        long[] now = {0};
        ProgressLine line = new ProgressLine(new PrintWriter(err), () -> now[0]);
        InputTarget t = line.track(new InputTarget(file.toString(), () -> Files.newInputStream(file)));
        byte[] buf = new byte[1 << 20];
        try (InputStream in = t.opener().open()) {
            line.incidentClosed();
            while (true) {
                now[0] += 500_000_000L; // half a second per MiB read: about 2.1 MB/s
                if (in.read(buf) < 0) {
                    break;
                }
            }
            String drawn = err.toString();
            assertTrue(drawn.contains(" of 5.2 MB ("), drawn);
            assertTrue(drawn.contains("2.1 MB/s, ETA 0:0"), drawn);
            assertTrue(drawn.contains(", 1 incident"), drawn);
            int frames = drawn.split("\r", -1).length - 1;
            assertEquals(5, frames, "one frame per clock step once past the size floor: " + drawn);
        }
        assertTrue(err.toString().endsWith("\r"), "closing the input wipes the line");
        assertTrue(err.toString().matches("(?s).*\r +\r$"));
    }
}
