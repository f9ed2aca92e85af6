package dev.crashtriage.fleet;

import dev.crashtriage.input.InputTarget;
import dev.crashtriage.kernel.Fingerprint;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import dev.crashtriage.triage.AnalysisOptions;
import dev.crashtriage.triage.Pipeline;
import dev.crashtriage.triage.HostResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store on both backends: what an occurrence records, idempotence, schema guards, failures. */
class FleetStoreTest {
    private static final SignatureEngine ENGINE = new SignatureEngine(SignatureCatalog.builtIn());

    @TempDir
    Path tmp;
    private final List<StoreLocation> created = new ArrayList<>();

    @AfterEach
    void dropSchemas() {
        created.forEach(TestStores::drop);
    }

    private StoreLocation store(TestStores.Backend b) {
        StoreLocation at = TestStores.create(b, tmp);
        created.add(at);
        return at;
    }

    /** A VMware guest that crashed twice and a tg3 host, three constructed syslog files. */
    private List<Path> logs() {
        Random rnd = new Random(7);
        LocalDate from = LocalDate.of(2009, 10, 1);
        LocalDate to = LocalDate.of(2009, 10, 6);
        var vm = new ConstructedFleet.HostLog("vm01", ConstructedFleet.Machine.vmwareGuest(2, 2097152))
                .crash(LocalDateTime.of(2009, 10, 2, 22, 14, 3), ConstructedFleet.vmwarePanic())
                .crash(LocalDateTime.of(2009, 10, 5, 22, 40, 51), ConstructedFleet.vmwarePanic());
        var web = new ConstructedFleet.HostLog("web1", ConstructedFleet.Machine.physical(
                "tg3.c:v3.119 (May 18, 2011)", 16, 67108864))
                .crash(LocalDateTime.of(2009, 10, 3, 4, 1, 7), ConstructedFleet.tg3Crash());
        var quiet = new ConstructedFleet.HostLog("db1", ConstructedFleet.Machine.vmwareGuest(1, 1048576));
        return List.of(vm.write(tmp, from, to, rnd), web.write(tmp, from, to, rnd), quiet.write(tmp, from, to, rnd));
    }

    private static IngestSummary ingest(FleetStore s, Path log) throws StoreException {
        List<HostResult> r = new Pipeline(ENGINE, new AnalysisOptions(null))
                .analyze(List.of(new InputTarget(log.toString(), () -> Files.newInputStream(log))), List.of()).results();
        return new StoreSink(s).input(log.toString(), r);
    }

    @ParameterizedTest
    @EnumSource(TestStores.Backend.class)
    void recordsEachOccurrenceWithItsHostMachineTimesAndCauses(TestStores.Backend backend) throws Exception {
        StoreLocation at = store(backend);
        List<Path> logs = logs();
        try (FleetStore s = FleetStore.open(at)) {
            IngestSummary first = ingest(s, logs.get(0));
            // each crash is three incidents: the list corruption, the BUG it raised, the unclean reboot after
            assertEquals(6, first.added(), first.toString());
            assertEquals(6, first.yearInferred(), "syslog has no year: said so");
            assertEquals(6, first.zoneAssumed(), "nor a zone");
            ingest(s, logs.get(1));
            ingest(s, logs.get(2));

            List<StoredOccurrence> occ = s.occurrences(null);
            List<StoredOccurrence> vm = occ.stream().filter(o -> o.host().equals("vm01") && o.kind().equals("bug")).toList();
            assertEquals(2, vm.size(), occ.toString());
            StoredOccurrence a = vm.get(0);
            assertEquals(LocalDateTime.of(2009, 10, 2, 22, 14, 3), a.local(), "year inferred from the file's date");
            assertNotNull(a.instant());
            assertTrue(a.timeNote().contains("year"), a.timeNote());
            assertEquals("2.6.18-128.7.1.el5", a.kernelRelease());
            assertEquals(Fingerprint.VERSION, a.fingerprintVersion());
            assertNotNull(a.fingerprint());
            assertEquals(vm.get(0).fingerprint(), vm.get(1).fingerprint(), "the same crash twice");
            assertTrue(a.title().contains("list_debug"), a.title());
            assertTrue(a.modules().contains("mptscsih"), a.modules().toString());
            assertEquals(logs.get(0).toString(), a.source());
            assertTrue(a.lastLine() > a.firstLine() && a.firstLine() > 10, a.firstLine() + ".." + a.lastLine());
            assertEquals(1, vm.get(1).boot() - a.boot(), "the second crash is in the boot after the first");
            assertFalse(a.causes().isEmpty(), "causes are recorded with their confidence");
            assertTrue(a.causes().get(0).confidence() > 0 && a.causes().get(0).confidence() <= 1);

            Map<String, StoredHost> hosts = s.hosts();
            assertEquals(List.of("db1", "vm01", "web1"), List.copyOf(hosts.keySet()), "a host without crashes is known too");
            StoredHost vmHost = hosts.get("vm01");
            assertEquals(java.util.Set.of("VMware"), vmHost.attributes().get("hypervisor"));
            assertEquals(java.util.Set.of("2"), vmHost.attributes().get("vcpus"));
            assertEquals(java.util.Set.of("2048 MiB"), vmHost.attributes().get("memory"));
            assertTrue(vmHost.attributes().get("driver").contains("mptbase 3.04.07rh"), vmHost.attributes().toString());
            assertEquals(java.util.Set.of("1"), hosts.get("db1").attributes().get("vcpus"));
            assertTrue(hosts.get("web1").attributes().get("driver").contains("tg3 3.119"));
            assertEquals(java.util.Set.of("16"), hosts.get("web1").attributes().get("vcpus"));
            assertNotNull(vmHost.spanStart());
            assertTrue(vmHost.spanEnd().isAfter(vmHost.spanStart()));
        }
    }

    @ParameterizedTest
    @EnumSource(TestStores.Backend.class)
    void reIngestingTheSameInputAddsNothingEvenUnderAnotherName(TestStores.Backend backend) throws Exception {
        StoreLocation at = store(backend);
        Path log = logs().get(0);
        Path copy = tmp.resolve("copy-of-vm01.log");
        Files.copy(log, copy);
        Files.setLastModifiedTime(copy, Files.getLastModifiedTime(log));
        try (FleetStore s = FleetStore.open(at)) {
            assertEquals(6, ingest(s, log).added());
            assertEquals(0, ingest(s, log).added());
            assertEquals(0, ingest(s, copy).added());
            assertEquals(6, s.occurrences(null).size());
        }
        try (FleetStore again = FleetStore.open(at)) {
            assertEquals(0, ingest(again, log).added(), "after reopening too");
            assertEquals(FleetStore.SCHEMA_VERSION, again.schemaVersion());
        }
    }

    @ParameterizedTest
    @EnumSource(TestStores.Backend.class)
    void aStoreWithANewerSchemaIsRefusedInOneLine(TestStores.Backend backend) throws Exception {
        StoreLocation at = store(backend);
        FleetStore.open(at).close();
        try (Connection c = DriverManager.getConnection(at.url()); Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version (version, applied_at) VALUES (" + (FleetStore.SCHEMA_VERSION + 1)
                    + ", 'later')");
        }
        StoreException e = assertThrows(StoreException.class, () -> FleetStore.open(at));
        assertEquals(StoreException.Problem.NEWER_SCHEMA, e.problem());
        assertTrue(e.getMessage().contains("schema version " + (FleetStore.SCHEMA_VERSION + 1)), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @ParameterizedTest
    @EnumSource(TestStores.Backend.class)
    void severalWritersAtOnceLoseNothingAndDuplicateNothing(TestStores.Backend backend) throws Exception {
        StoreLocation at = store(backend);
        List<Path> logs = logs();
        FleetStore.open(at).close();
        // two writers (two receivers, two analyze runs) record overlapping inputs at the same time
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                done.add(pool.submit(() -> {
                    int added = 0;
                    try (FleetStore s = FleetStore.open(at)) {
                        for (Path log : logs) {
                            added += ingest(s, log).added();
                        }
                    }
                    return added;
                }));
            }
            int added = done.get(0).get() + done.get(1).get();
            try (FleetStore s = FleetStore.open(at)) {
                int stored = s.occurrences(null).size();
                assertEquals(stored, added, "each occurrence added exactly once between the two writers");
                assertEquals(3, s.hosts().size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLockedPostgresStoreIsAOneLineErrorAfterWaiting() throws Exception {
        StoreLocation at = store(TestStores.Backend.POSTGRESQL);
        Path log = logs().get(0);
        FleetStore.open(at).close();
        try (Connection holder = DriverManager.getConnection(at.url()); Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.execute("LOCK TABLE occurrences IN ACCESS EXCLUSIVE MODE");
            try (FleetStore s = FleetStore.open(at, 300, true)) {
                StoreException e = assertThrows(StoreException.class, () -> ingest(s, log));
                assertEquals(StoreException.Problem.LOCKED, e.problem(), e.getMessage());
                assertTrue(e.getMessage().contains("locked by another writer"), e.getMessage());
                assertFalse(e.getMessage().contains("\n"));
            }
            holder.rollback();
        }
        try (FleetStore s = FleetStore.open(at)) {
            assertEquals(0, s.occurrences(null).size(), "the timed-out input left nothing behind");
            assertEquals(6, ingest(s, log).added(), "and can be recorded once the lock is gone");
        }
    }

    @Test
    void aLockedSqliteStoreIsAOneLineErrorAfterWaiting() throws Exception {
        StoreLocation at = store(TestStores.Backend.SQLITE);
        FleetStore.open(at).close();
        try (Connection holder = DriverManager.getConnection(at.url()); Statement st = holder.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            StoreException e = assertThrows(StoreException.class, () -> FleetStore.open(at, 200, true));
            assertEquals(StoreException.Problem.LOCKED, e.problem(), e.getMessage());
            assertTrue(e.getMessage().contains("locked"), e.getMessage());
            st.execute("ROLLBACK");
        }
    }

    @Test
    void aFullDiskLeavesTheStoreAsItWas() throws Exception {
        StoreLocation at = store(TestStores.Backend.SQLITE);
        List<Path> logs = logs();
        int before;
        try (FleetStore s = FleetStore.open(at)) {
            ingest(s, logs.get(1));
            before = s.occurrences(null).size();
        }
        long pages;
        try (Connection c = DriverManager.getConnection(at.url()); Statement st = c.createStatement();
             var rs = st.executeQuery("PRAGMA page_count")) {
            rs.next();
            pages = rs.getLong(1);
        }
        // max_page_count caps the file where it is: the next write finds the "disk" full (SQLITE_FULL)
        StoreLocation capped = new StoreLocation(at.url() + "?max_page_count=" + pages, Dialect.SQLITE, at.file());
        var busy = new ConstructedFleet.HostLog("vm09", ConstructedFleet.Machine.vmwareGuest(2, 2097152));
        for (int d = 1; d <= 28; d++) {
            busy.crash(LocalDateTime.of(2009, 11, d, 22, 10, 0), ConstructedFleet.vmwarePanic());
        }
        Path big = busy.write(tmp, LocalDate.of(2009, 11, 1), LocalDate.of(2009, 11, 28), new Random(3));
        try (FleetStore s = FleetStore.open(capped)) {
            StoreException e = assertThrows(StoreException.class, () -> ingest(s, big));
            assertEquals(StoreException.Problem.FULL, e.problem(), e.getMessage());
            assertTrue(e.getMessage().contains("full"), e.getMessage());
        }
        try (FleetStore s = FleetStore.open(at)) {
            assertEquals(before, s.occurrences(null).size(), "the failed input left nothing behind");
            assertEquals(List.of("web1"), List.copyOf(s.hosts().keySet()));
        }
    }

    @Test
    void aReadOnlyStoreIsAOneLineError() throws Exception {
        StoreLocation at = store(TestStores.Backend.SQLITE);
        FleetStore.open(at).close();
        // the tests run as root, for whom file modes do not bind: open the file read-only instead
        StoreLocation ro = new StoreLocation(at.url() + "?open_mode=1", Dialect.SQLITE, at.file());
        try (FleetStore s = FleetStore.open(ro)) {
            StoreException e = assertThrows(StoreException.class, () -> ingest(s, logs().get(0)));
            assertEquals(StoreException.Problem.READ_ONLY, e.problem(), e.getMessage());
        }
    }

    @Test
    void aFileThatIsNotAStoreIsSaidToBeSo() throws Exception {
        Path notDb = tmp.resolve("notes.txt");
        Files.writeString(notDb, "these are my notes, not a database\n".repeat(200));
        StoreException e = assertThrows(StoreException.class, () -> FleetStore.open(StoreLocation.ofFile(notDb)));
        assertEquals(StoreException.Problem.NOT_A_STORE, e.problem(), e.getMessage());
        Path other = tmp.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE accounts (id INTEGER)");
        }
        StoreException e2 = assertThrows(StoreException.class, () -> FleetStore.open(StoreLocation.ofFile(other)));
        assertEquals(StoreException.Problem.NOT_A_STORE, e2.problem());
    }

    @Test
    void theDefaultStoreIsPerUser() {
        assertEquals(Path.of("/home/ann/.local/share/crashtriage/fleet.db"),
                StoreLocation.resolve(null, Map.of("HOME", "/home/ann")).file());
        assertEquals(Path.of("/xdg/crashtriage/fleet.db"),
                StoreLocation.resolve(null, Map.of("HOME", "/home/ann", "XDG_DATA_HOME", "/xdg")).file());
        assertEquals(Path.of("/srv/f.db"), StoreLocation.resolve(null, Map.of("CRASHTRIAGE_STORE", "/srv/f.db")).file());
        assertEquals("jdbc:postgresql://db/fleet?user=ct&password=***",
                StoreLocation.resolve("jdbc:postgresql://db/fleet?user=ct&password=s3cret", Map.of()).display());
    }
}
