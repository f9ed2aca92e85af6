package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FrameParser's hand-written reader of the common frame shape ({@code plainSymbol}) stands in for its SYMBOL regex:
 * wherever it returns a frame, that frame must be exactly the regex's, on every line of the test corpora (real
 * reports of every era and architecture) and on the edge cases of each optional part.
 */
class PlainSymbolReaderTest {

    /** What parseSingle hands the reader: the index after the leading spaces and tabs. */
    private static Frame plain(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return FrameParser.plainSymbol(line, i, "irq");
    }

    private static List<String> corpusLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".txt")).sorted().toList()) {
                for (String l : new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).split("\n", -1)) {
                    // the frame part of a dmesg line, as the parsers hand it on
                    int ts = l.startsWith("[") ? l.indexOf("] ") : -1;
                    lines.add(ts > 0 ? l.substring(ts + 2) : l);
                    lines.add(l);
                }
            }
        }
        return lines;
    }

    @Test
    void sameFrameAsTheRegexOnEveryCorpusLine() throws IOException {
        int read = 0;
        int frames = 0;
        int refused = 0;
        for (String line : corpusLines()) {
            Frame regex = FrameParser.symbol(line, "irq");
            if (regex != null) {
                frames++;
            }
            Frame hand = plain(line);
            if (hand == FrameParser.NO_SYMBOL) {
                refused++;
                assertNull(regex, line);
            } else if (hand != null) {
                read++;
                assertEquals(regex, hand, line);
            }
        }
        assertTrue(frames > 5_000, "the corpora hold many frames: " + frames);
        assertTrue(read > frames / 2, "the hand reader takes the common shape: " + read + " of " + frames);
        assertTrue(refused > 1_000, "and refuses lines that only start like one: " + refused);
    }

    @Test
    void sameFrameAsTheRegexOnEachOptionalPart() {
        List<String> lines = List.of(
                " dump_stack+0x1a/0x20",
                "  ? __schedule+0x2d6/0x860",
                "\t? \tfunc+0x10/0x20 [ext4]",
                " func+16/32",
                " func+0x10/0x20 [nvme_core] drivers/nvme/host/core.c:123",
                " func+0x10/0x20 drivers/nvme/host/core.c:123:7 [inline]",
                " kasan_report+0xe/0x20 mm/kasan/report.c:414",
                " __dump_stack lib/dump_stack.c:77 [inline]",
                " func+0x10/0x20) (unreliable)",
                " func+0x10/0x20 (unreliable)",
                " .power_pmu_enable+0x60/0x1c0 (unreliable)",
                " func.isra.0+0x10/0x20",
                " $x+0x1/0x2",
                " func+0x10/0x2g",
                " func+0x/0x20",
                " func+0x10/0x",
                " func+0x10/",
                " func+0x10/0x20 [bad mod]",
                " func+0x10/0x20 []",
                " func+0x10/0x20 file.c:",
                " func+0x10/0x20 file.c:12:",
                " func+0x10/0x20 [inline",
                " func+0x10/0x20\r",
                " ?func+0x10/0x20",
                " ?",
                " ? ",
                " 12:func+0x10/0x20",
                " :mptscsih:mptscsih_io_done+0x5ee/0x608",
                " [<c031d52b>] dm_request+0x28/0xcd",
                " (func+0x10/0x20)",
                "CPU: 0 PID: 1 Comm: init Not tainted 4.8.0-rc3+ #33",
                " Call Trace:",
                " func +0x10/0x20",
                " func+0x10 /0x20",
                " func+0x10/0x20\t[mod]\tfile.c:1\t[inline]\t)\t(unreliable)");
        for (String line : lines) {
            Frame hand = plain(line);
            if (hand == FrameParser.NO_SYMBOL) {
                assertNull(FrameParser.symbol(line, "irq"), line);
            } else if (hand != null) {
                assertEquals(FrameParser.symbol(line, "irq"), hand, line);
            }
        }
        assertTrue(plain("CPU: 0 PID: 1 Comm: init Not tainted 4.8.0-rc3+ #33") == FrameParser.NO_SYMBOL);
        assertTrue(plain(" func+0x/0x20") == FrameParser.NO_SYMBOL);
        assertNull(plain(" [<c031d52b>] dm_request+0x28/0xcd"), "addresses are the regex's");
        assertNull(plain(" :mptscsih:mptscsih_io_done+0x5ee/0x608"), "module prefixes are the regex's");
        assertEquals(new Frame("func", "0x10", "0x20", "mod", false, "irq", null, "file.c:1", true),
                plain(" ? func+0x10/0x20 [mod] file.c:1 [inline]"));
    }
}
