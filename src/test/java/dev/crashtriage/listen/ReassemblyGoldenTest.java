package dev.crashtriage.listen;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden reassembly cases under src/test/resources/listen/reassembly/: each file holds the datagrams, as they
 * arrive (time, sender, payload with {@code \n} for a newline), then, after {@code ==== records}, every record the
 * listener delivers and each host's counters. {@code -Dgolden.update=true} rewrites the expected part; read the
 * diff before committing it.
 */
class ReassemblyGoldenTest {
    private static final Path DIR = Path.of("src/test/resources/listen/reassembly");
    private static final String MARKER = "==== records";

    @ParameterizedTest
    @ValueSource(strings = {"fragments-in-order", "fragments-out-of-order", "fragment-missing",
        "userdata-forces-fragmentation", "release-prepend", "continuation-records", "sequence-reset",
        "reorder-gap-late", "plain-netconsole", "syslog-relay", "caller-id-from-cpu"})
    void replay(String name) throws IOException {
        Path file = DIR.resolve(name + ".txt");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int at = text.indexOf(MARKER + "\n");
        String input = at < 0 ? text : text.substring(0, at);
        ListenerHarness h = new ListenerHarness();
        for (String line : input.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("tick @")) {
                h.tick(Long.parseLong(line.substring(6).trim()));
                continue;
            }
            // @<ms> <sender> <payload>
            int sp1 = line.indexOf(' ');
            int sp2 = line.indexOf(' ', sp1 + 1);
            long ms = Long.parseLong(line.substring(1, sp1));
            h.datagram(ms, line.substring(sp1 + 1, sp2), unescape(line.substring(sp2 + 1)));
        }
        h.finish();
        List<String> out = new ArrayList<>(h.events);
        out.addAll(h.counters());
        String actual = input + MARKER + "\n" + String.join("\n", out) + "\n";
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(text, actual, "differs from " + file + " (regenerate with -Dgolden.update=true)");
    }

    /** {@code \n} is a newline, {@code \\} a backslash; nothing else is escaped. */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
