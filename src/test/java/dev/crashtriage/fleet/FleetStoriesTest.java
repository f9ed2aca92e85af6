package dev.crashtriage.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.crashtriage.cli.CommandLineFactory;
import dev.crashtriage.cli.Env;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two seed stories that only a fleet shows, rebuilt from CONSTRUCTED logs (see {@link ConstructedFleet}:
 * real crash text, constructed boot lines, hosts and times) through the real path: {@code analyze --store}
 * over a directory of per-host syslog files, then {@code fleet}. And a fleet of random crashes, where the
 * report must find no cluster and no pair.
 */
class FleetStoriesTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Env env = new Env(new PrintWriter(out), new PrintWriter(err), new ByteArrayInputStream(new byte[0]), Map.of(),
                true, false);
        int code = CommandLineFactory.run(env, args);
        return new Run(code, out.toString(), err.toString());
    }

    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
            .getSchema(readSchema());

    private static String readSchema() {
        try {
            return Files.readString(Path.of("docs/schema/fleet.schema.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The report as JSON, validated against docs/schema/fleet.schema.json. */
    private JsonNode fleetJson(Path db) throws Exception {
        Run r = cli("fleet", "--store", db.toString(), "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        List<com.networknt.schema.Error> errors = SCHEMA.validate(doc);
        assertTrue(errors.isEmpty(), "fleet JSON against its schema: " + errors + "\n" + r.out());
        com.fasterxml.jackson.databind.node.ObjectNode changed = doc.deepCopy();
        changed.put("surprise", 1);
        assertFalse(SCHEMA.validate(changed).isEmpty(), "a closed schema catches a new field");
        for (String key : List.of("crashes", "time_of_day", "simultaneous", "shared_attributes")) {
            assertTrue(doc.get(key).isArray(), key);
        }
        return doc;
    }

    private static List<ConstructedFleet.HostLog> background(Random rnd, int physical, LocalDate from, int days) {
        List<ConstructedFleet.HostLog> hosts = new ArrayList<>();
        String[] nics = {"tg3.c:v3.123 (March 21, 2012)", "tg3.c:v3.121 (November 2, 2011)",
            "e1000e: Intel(R) PRO/1000 Network Driver - 1.5.1-k"};
        for (int i = 0; i < physical; i++) {
            hosts.add(new ConstructedFleet.HostLog(String.format("app%02d", i + 1),
                    ConstructedFleet.Machine.physical(nics[i % nics.length], 8 << (i % 3), 16777216L << (i % 3))));
        }
        return hosts;
    }

    /** Unrelated crashes at random times on random hosts: the noise a real fleet has. */
    private static void noise(List<ConstructedFleet.HostLog> hosts, Random rnd, LocalDate from, int days, int count) {
        for (int i = 0; i < count; i++) {
            ConstructedFleet.HostLog h = hosts.get(rnd.nextInt(hosts.size()));
            LocalDateTime at = from.atStartOfDay().plusSeconds((long) (rnd.nextDouble() * days * 86400L));
            h.crash(at, i % 2 == 0 ? ConstructedFleet.oomKill() : ConstructedFleet.softLockup());
        }
    }

    private Path write(List<ConstructedFleet.HostLog> hosts, LocalDate from, LocalDate to, Random rnd) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("logs"));
        for (ConstructedFleet.HostLog h : hosts) {
            h.write(dir, from, to, rnd);
        }
        return dir;
    }

    @Test
    void vmwareGuestsCrashingAt22OnTwoVcpusAreNamed() throws Exception {
        Random rnd = new Random(2009);
        LocalDate from = LocalDate.of(2009, 9, 20);
        LocalDate to = LocalDate.of(2009, 11, 19);
        List<ConstructedFleet.HostLog> hosts = new ArrayList<>();
        // five 2-vCPU guests, each crashing once in the 22:00 hour, weeks apart (seed 001)
        int[] days = {4, 17, 29, 44, 57};
        for (int i = 0; i < 5; i++) {
            ConstructedFleet.HostLog g = new ConstructedFleet.HostLog("vm" + (i + 1),
                    ConstructedFleet.Machine.vmwareGuest(2, 524288L << (i % 3)));
            g.crash(from.plusDays(days[i]).atTime(22, 5 + rnd.nextInt(50), rnd.nextInt(60)), ConstructedFleet.vmwarePanic());
            hosts.add(g);
        }
        // eight uniprocessor guests on the same platform that never hit it
        for (int i = 0; i < 8; i++) {
            hosts.add(new ConstructedFleet.HostLog("up" + (i + 1), ConstructedFleet.Machine.vmwareGuest(1, 1048576)));
        }
        hosts.addAll(background(rnd, 15, from, 60));
        noise(hosts.subList(5, hosts.size()), rnd, from, 60, 9);
        Path dir = write(hosts, from, to, rnd);
        Path db = tmp.resolve("fleet.db");

        Run analyze = cli("analyze", "--store", db.toString(), "--format", "json", dir.toString());
        assertEquals(1, analyze.code(), analyze.err());
        assertTrue(analyze.err().contains("from 28 host streams"), analyze.err());

        JsonNode report = fleetJson(db);
        assertEquals(28, report.get("hosts").asInt());
        JsonNode vmCrash = null;
        for (JsonNode c : report.get("crashes")) {
            if (c.get("title").asText().contains("list_debug")) {
                vmCrash = c;
            }
        }
        assertNotNull(vmCrash, report.toPrettyString());
        assertEquals(5, vmCrash.get("count").asInt(), "one event per crash, not one per incident it printed");
        String fp = vmCrash.get("fingerprint").asText();
        assertEquals("[\"vm1\",\"vm2\",\"vm3\",\"vm4\",\"vm5\"]", vmCrash.get("hosts").toString());
        assertEquals(1, report.get("time_of_day").size(), "the 22:00 cluster, and nothing else\n" + report.get("time_of_day"));
        JsonNode tod = report.get("time_of_day").get(0);
        assertEquals(fp, tod.get("fingerprint").asText());
        assertEquals(22, tod.get("hour").asInt());
        assertEquals(5, tod.get("count").asInt());
        assertEquals(5, tod.get("total").asInt());
        assertTrue(tod.get("p_value").asDouble() < 0.01);

        JsonNode first = null;
        for (JsonNode a : report.get("shared_attributes")) {
            if (a.get("fingerprint").asText().equals(fp)) {
                first = first == null ? a : first;
            }
        }
        assertNotNull(first, report.get("shared_attributes").toString());
        assertEquals("vcpus", first.get("attribute").asText(), "2 vCPUs separates best: " + first);
        assertEquals("2", first.get("value").asText());
        assertEquals(5, first.get("affected").asInt());
        assertEquals(0, first.get("unaffected").asInt());
        assertEquals(23, first.get("unaffected_total").asInt());
        assertTrue(report.get("simultaneous").isEmpty(), report.get("simultaneous").toString());

        Run text = cli("fleet", "--store", db.toString());
        assertTrue(text.out().contains("5 of 5 crashes between 22:00 and 23:00 (local time of the log)"), text.out());
        assertTrue(text.out().contains("all 5 affected hosts have 2 vCPUs, run on VMware"), text.out());
        assertTrue(text.out().contains("; 0 of 23 unaffected hosts do"), text.out());
        assertTrue(text.out().contains("year and zone not in the log"), "the guesses are said\n" + text.out());
    }

    @Test
    void twoTg3HostsCrashingTogetherEveryTwentyDaysAreNamed() throws Exception {
        Random rnd = new Random(2012);
        LocalDate from = LocalDate.of(2012, 10, 1);
        LocalDate to = LocalDate.of(2012, 12, 24);
        ConstructedFleet.HostLog a = new ConstructedFleet.HostLog("lxc1",
                ConstructedFleet.Machine.physical("tg3.c:v3.119 (May 18, 2011)", 16, 67108864));
        ConstructedFleet.HostLog b = new ConstructedFleet.HostLog("lxc2",
                ConstructedFleet.Machine.physical("tg3.c:v3.119 (May 18, 2011)", 16, 67108864));
        // seed 002: both boxes crash at the same moment, every ~20 days, at whatever time the VLAN got busy
        LocalDateTime t = from.atTime(3, 12, 40);
        for (int i = 0; i < 4; i++) {
            a.crash(t, ConstructedFleet.tg3Crash());
            b.crash(t.plusSeconds(1 + rnd.nextInt(3)), ConstructedFleet.tg3Crash());
            t = t.plusDays(18 + rnd.nextInt(5)).plusMinutes(rnd.nextInt(600) - 300);
        }
        List<ConstructedFleet.HostLog> hosts = new ArrayList<>(List.of(a, b));
        hosts.addAll(background(rnd, 14, from, 84));
        noise(hosts, rnd, from, 84, 12);
        Path dir = write(hosts, from, to, rnd);
        Path db = tmp.resolve("fleet.db");
        assertEquals(1, cli("analyze", "--store", db.toString(), dir.toString()).code());

        JsonNode report = fleetJson(db);
        assertEquals(1, report.get("simultaneous").size(), report.get("simultaneous").toPrettyString());
        JsonNode pair = report.get("simultaneous").get(0);
        assertEquals("[\"lxc1\",\"lxc2\"]", pair.get("hosts").toString());
        assertEquals(4, pair.get("occurrences").asInt());
        assertEquals(120, pair.get("window_s").asInt());
        assertTrue(pair.get("p_value").asDouble() < 1e-6, pair.toString());
        boolean driver = false;
        for (JsonNode s : report.get("shared_attributes")) {
            if (s.get("attribute").asText().equals("driver") && s.get("value").asText().equals("tg3 3.119")) {
                driver = s.get("affected").asInt() == 2 && s.get("unaffected").asInt() == 0;
            }
        }
        assertTrue(driver, "tg3 3.119 on both affected hosts and no other\n" + report.get("shared_attributes"));
        Run text = cli("fleet", "--store", db.toString());
        assertTrue(text.out().matches("(?s).*lxc1 and lxc2 crashed within [1-3] s of each other 4 times: suspect a "
                + "shared trigger.*"), text.out());
        assertTrue(text.out().contains("both affected hosts run driver tg3 3.119"), text.out());
    }

    @Test
    void aFleetOfRandomCrashesHasNoClusterAndNoPair() throws Exception {
        for (long seed : new long[] {1, 2, 3}) {
            Random rnd = new Random(seed);
            LocalDate from = LocalDate.of(2011, 3, 1);
            LocalDate to = from.plusDays(60);
            List<ConstructedFleet.HostLog> hosts = background(rnd, 20, from, 60);
            noise(hosts, rnd, from, 60, 40);
            Path dir = tmp.resolve("random-" + seed);
            Files.createDirectories(dir);
            for (ConstructedFleet.HostLog h : hosts) {
                h.write(dir, from, to, rnd);
            }
            Path db = tmp.resolve("random-" + seed + ".db");
            assertEquals(1, cli("analyze", "--store", db.toString(), dir.toString()).code());
            JsonNode report = fleetJson(db);
            assertTrue(report.get("events").asInt() >= 35, report.toString());
            assertTrue(report.get("time_of_day").isEmpty(), "seed " + seed + ": " + report.get("time_of_day"));
            assertTrue(report.get("simultaneous").isEmpty(), "seed " + seed + ": " + report.get("simultaneous"));
            Run text = cli("fleet", "--store", db.toString());
            assertTrue(text.out().contains("no crash clusters in an hour of the day"), text.out());
            assertTrue(text.out().contains("no hosts crashed together more often than chance"), text.out());
            assertFalse(text.out().contains("suspect a shared trigger"));
        }
    }
}
