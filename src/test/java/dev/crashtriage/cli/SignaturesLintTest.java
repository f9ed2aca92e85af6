package dev.crashtriage.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code signatures lint} rejects what would make a signature silently wrong: a fact no incident
 * kind has, a {@code confused_with} id that names nothing, a sample whose finding cites lines it
 * does not mark.
 */
class SignaturesLintTest {
    @TempDir
    Path home;
    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();

    int lint() {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", home.toString());
        Env env = new Env(new PrintWriter(out), new PrintWriter(new StringWriter()), new ByteArrayInputStream(new byte[0]),
                environment, true, false);
        return CommandLineFactory.run(env, "signatures", "lint", dir.toString());
    }

    static final String SIGNATURE = String.join("\n",
            "id: lint-tg3",
            "title: tg3 crashes in its receive path",
            "severity: critical",
            "area: net",
            "description: test signature for lint",
            "explains: [oops]",
            "match:",
            "  selections:",
            "    crash: {frames: {any: [{function: '^tg3_', module: tg3}]}}",
            "    timeout_before: {where: before, within: 5m, incident: {kinds: [nic-tx-timeout], facts: [\"driver == 'tg3'\"]}}",
            "  condition: crash",
            "confidence:",
            "  base: 0.6",
            "  raise: [{when: timeout_before, by: 0.1, hint: a timeout first}]",
            "confused_with:",
            "  - {id: nic-tx-timeout, how: a timeout alone is no crash}",
            "remediation: {steps: [upgrade the driver]}",
            "references: [none]", "");

    /** CONSTRUCTED: a 2.6.32-era x86_64 oops in tg3's poll path (addresses invented). */
    static final String OOPS = String.join("\n",
            "[  130.000000] BUG: unable to handle kernel NULL pointer dereference at 0000000000000008  <<< evidence",
            "[  130.000001] IP: [<ffffffffa01234a1>] tg3_poll_work+0x2a1/0xe10 [tg3]  <<< evidence",
            "[  130.000002] Oops: 0000 [#1] SMP",
            "[  130.000003] Modules linked in: tg3 ptp pps_core",
            "[  130.000004] Pid: 0, comm: swapper Not tainted 2.6.32-279.el6.x86_64 #1",
            "[  130.000005] Call Trace:",
            "[  130.000006]  <IRQ>",
            "[  130.000007]  [<ffffffffa0123c3c>] tg3_poll_msix+0x3c/0x150 [tg3]",
            "[  130.000008]  [<ffffffff8143c13d>] net_rx_action+0x13d/0x3a0",
            "[  130.000011] Kernel panic - not syncing: Fatal exception in interrupt", "");

    static final String NOT_TG3 = OOPS.replace("tg3_poll_work+0x2a1/0xe10 [tg3]", "e1000_clean+0x2a1/0xe10 [e1000]")
            .replace("tg3_poll_msix+0x3c/0x150 [tg3]", "e1000_intr+0x3c/0x150 [e1000]").replace("  <<< evidence", "");

    @BeforeEach
    void catalogue() throws IOException {
        Files.writeString(dir.resolve("lint-tg3.yml"), SIGNATURE);
        Path samples = Files.createDirectories(dir.resolve("lint-tg3"));
        Files.writeString(samples.resolve("positive-1.log"), OOPS);
        Files.writeString(samples.resolve("positive-2.log"), "#: source: CONSTRUCTED, as positive-1 with a syslog-less copy\n" + OOPS);
        Files.writeString(samples.resolve("negative-1.log"), NOT_TG3);
        Files.writeString(samples.resolve("negative-2.log"), NOT_TG3.replace("e1000", "bnx2"));
    }

    @Test
    void aCleanSignatureLints() {
        assertEquals(0, lint(), out::toString);
        assertTrue(out.toString().contains("1 signature(s) loaded, 0 error(s)"), out::toString);
    }

    @Test
    void anUnknownFactIsAnError() throws IOException {
        Files.writeString(dir.resolve("lint-tg3.yml"), SIGNATURE.replace("driver == 'tg3'", "drvier == 'tg3'"));
        assertEquals(3, lint());
        assertTrue(out.toString().contains("names 'drvier', which is no fact of incident kind(s) nic-tx-timeout"), out::toString);
    }

    @Test
    void aFactComparedWithTheWrongTypeIsAnError() throws IOException {
        Files.writeString(dir.resolve("lint-tg3.yml"), SIGNATURE.replace("driver == 'tg3'", "driver >= 3"));
        assertEquals(3, lint());
        assertTrue(out.toString().contains("compares 'driver' (text) with a number"), out::toString);
    }

    @Test
    void aDanglingConfusedWithIsAnError() throws IOException {
        Files.writeString(dir.resolve("lint-tg3.yml"), SIGNATURE.replace("id: nic-tx-timeout", "id: nic-tx-timout"));
        assertEquals(3, lint());
        assertTrue(out.toString().contains("confused_with names 'nic-tx-timout', which is no signature or fallback cause"),
                out::toString);
    }

    @Test
    void aSampleThatCitesALineItDoesNotMarkIsAnError() throws IOException {
        // the register line is cited (it is where the tg3 frame is) but no longer marked
        Files.writeString(dir.resolve("lint-tg3/positive-1.log"),
                OOPS.replace("tg3_poll_work+0x2a1/0xe10 [tg3]  <<< evidence", "tg3_poll_work+0x2a1/0xe10 [tg3]"));
        assertEquals(3, lint());
        assertTrue(out.toString().contains("lint-tg3/positive-1.log:1:1: the finding cites line(s) [2] that the sample does not mark"),
                out::toString);
    }

    @Test
    void fallbackCausesAreCatalogueEntriesThatListAndExplainKnow() {
        Map<String, String> environment = new HashMap<>();
        environment.put("HOME", home.toString());
        Env env = new Env(new PrintWriter(out), new PrintWriter(new StringWriter()), new ByteArrayInputStream(new byte[0]),
                environment, true, false);
        assertEquals(0, CommandLineFactory.run(env, "signatures", "list"));
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("unexplained-driver-crash") && l.endsWith("[fallback]")),
                out::toString);
        out.getBuffer().setLength(0);
        assertEquals(0, CommandLineFactory.run(env, "explain", "tainted-kernel-crash"));
        assertTrue(out.toString().startsWith("tainted-kernel-crash: Kernel crash on a kernel tainted by"), out::toString);
    }
}
