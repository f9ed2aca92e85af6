package dev.crashtriage.fleet;

import dev.crashtriage.kernel.BootSession;
import dev.crashtriage.kernel.Fingerprint;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.kernel.KernelFacts;
import dev.crashtriage.kernel.MachineFacts;
import dev.crashtriage.input.LogRecord;
import dev.crashtriage.triage.Cause;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fleet store: every incident occurrence of every host, and what each host's logs said about it, in
 * SQLite (embedded, the default) or PostgreSQL (a team's shared store, several writers at once) through
 * the same statements.
 *
 * <p>Opening runs the schema migrations the store lacks, under a lock (SQLite: the write lock; PostgreSQL:
 * an advisory lock), so two writers opening a fresh store at once do not both create it. A store whose
 * schema is newer than this binary knows is refused, never written.
 *
 * <p>{@link #ingest} records a list of host batches in one transaction: an input is in the store whole or
 * not at all. Rows are keyed by a hash of their content, so re-ingesting an input (or a receiver sending an
 * incident twice) adds nothing. Not thread-safe: one store object per writer thread.
 */
public final class FleetStore implements AutoCloseable {
    /** The newest schema this binary knows. */
    public static final int SCHEMA_VERSION = 1;
    /** Default time a writer waits for another writer's lock. */
    static final int DEFAULT_BUSY_MS = 10_000;
    private static final long PG_MIGRATION_LOCK = 0x63726173685f6631L; // "crash_f1"

    private final Connection db;
    private final StoreLocation at;

    private FleetStore(Connection db, StoreLocation at) {
        this.db = db;
        this.at = at;
    }

    /** Opens (creating an SQLite file and its directory when missing) and migrates the store. */
    public static FleetStore open(StoreLocation at) throws StoreException {
        return open(at, DEFAULT_BUSY_MS, true);
    }

    /** Opens an existing store for reading: a missing SQLite file is an error, not an empty store. */
    public static FleetStore openExisting(StoreLocation at) throws StoreException {
        return open(at, DEFAULT_BUSY_MS, false);
    }

    static FleetStore open(StoreLocation at, int busyMs, boolean create) throws StoreException {
        if (at.file() != null) {
            Path f = at.file();
            if (!Files.exists(f)) {
                if (!create) {
                    throw new StoreException(StoreException.Problem.UNAVAILABLE, "no fleet store at " + f
                            + ": record incidents first with 'crashtriage analyze --store " + f + " LOG...'");
                }
                Path dir = f.toAbsolutePath().getParent();
                try {
                    if (dir != null) {
                        Files.createDirectories(dir);
                    }
                } catch (IOException | RuntimeException e) {
                    throw new StoreException(StoreException.Problem.UNAVAILABLE,
                            "cannot create the directory of the store " + f + ": " + e.getMessage(), e);
                }
            } else if (Files.isDirectory(f)) {
                throw new StoreException(StoreException.Problem.UNAVAILABLE,
                        "the store " + f + " is a directory; give a file such as " + f.resolve("fleet.db"));
            }
        }
        Connection c;
        try {
            Properties p = new Properties();
            if (at.dialect() == Dialect.SQLITE) {
                p.setProperty("busy_timeout", Integer.toString(busyMs));
            } else {
                p.setProperty("connectTimeout", "10");
                p.setProperty("ApplicationName", "crashtriage");
            }
            c = DriverManager.getConnection(at.url(), p);
        } catch (SQLException e) {
            throw StoreErrors.translate(e, at, "opening");
        }
        FleetStore s = new FleetStore(c, at);
        try {
            if (at.dialect() == Dialect.POSTGRESQL) {
                try (Statement st = c.createStatement()) {
                    st.execute("SET lock_timeout = " + busyMs);
                }
            }
            s.migrate();
            return s;
        } catch (SQLException e) {
            s.closeQuietly();
            throw StoreErrors.translate(e, at, "opening");
        } catch (StoreException | RuntimeException e) {
            s.closeQuietly();
            throw e;
        }
    }

    public StoreLocation location() {
        return at;
    }

    /** The schema version the store is at (after opening: always {@link #SCHEMA_VERSION}). */
    public int schemaVersion() throws StoreException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            throw StoreErrors.translate(e, at, "reading the schema version");
        }
    }

    private void migrate() throws SQLException, StoreException {
        db.setAutoCommit(false);
        try (Statement st = db.createStatement()) {
            if (at.dialect() == Dialect.SQLITE) {
                // take the write lock now, so a second writer waits here instead of racing to create tables
                db.setAutoCommit(true);
                st.execute("BEGIN IMMEDIATE");
            } else {
                st.execute("SELECT pg_advisory_xact_lock(" + PG_MIGRATION_LOCK + ")");
            }
            int current = currentVersion(st);
            if (current > SCHEMA_VERSION) {
                throw new StoreException(StoreException.Problem.NEWER_SCHEMA, "the store " + at.display()
                        + " has schema version " + current + ", newer than this crashtriage knows ("
                        + SCHEMA_VERSION + "): use a newer crashtriage, or another --store");
            }
            for (int v = current + 1; v <= SCHEMA_VERSION; v++) {
                for (String sql : statements(v)) {
                    st.execute(sql);
                }
                try (PreparedStatement ps = db.prepareStatement(
                        "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                    ps.setInt(1, v);
                    ps.setString(2, Instant.now().toString());
                    ps.executeUpdate();
                }
            }
            if (at.dialect() == Dialect.SQLITE) {
                st.execute("COMMIT");
            } else {
                db.commit();
            }
        } catch (SQLException | StoreException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        } finally {
            db.setAutoCommit(false);
        }
    }

    private int currentVersion(Statement st) throws SQLException, StoreException {
        boolean hasVersionTable;
        int otherTables;
        if (at.dialect() == Dialect.SQLITE) {
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                hasVersionTable = false;
                otherTables = 0;
                while (rs.next()) {
                    if ("schema_version".equals(rs.getString(1))) {
                        hasVersionTable = true;
                    } else {
                        otherTables++;
                    }
                }
            }
            if (!hasVersionTable && otherTables > 0) {
                throw new StoreException(StoreException.Problem.NOT_A_STORE, at.display()
                        + " is an SQLite database of something else (it has tables but no crashtriage schema)");
            }
        } else {
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.tables "
                    + "WHERE table_schema = current_schema() AND table_name = 'schema_version'")) {
                hasVersionTable = rs.next() && rs.getInt(1) > 0;
            }
        }
        if (!hasVersionTable) {
            st.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            return 0;
        }
        try (ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** The statements of migration V{n}, from the bundled SQL file. */
    static List<String> statements(int version) {
        String res = "V" + version + ".sql";
        try (var in = FleetStore.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("migration " + res + " is missing from the build");
            }
            StringBuilder sb = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.strip().startsWith("--")) {
                    sb.append(line).append('\n');
                }
            }
            List<String> out = new ArrayList<>();
            for (String s : sb.toString().split(";\\s*\n")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + res, e);
        }
    }

    /** Records the batches in one transaction; all of them or (on any failure) none. */
    public IngestSummary ingest(List<HostBatch> batches) throws StoreException {
        IngestSummary total = IngestSummary.none();
        String now = Instant.now().toString();
        try {
            for (HostBatch b : batches) {
                total = total.plus(ingestOne(b, now));
            }
            db.commit();
            return total;
        } catch (SQLException e) {
            rollbackQuietly();
            throw StoreErrors.translate(e, at, "recording " + describe(batches));
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    private static String describe(List<HostBatch> batches) {
        if (batches.isEmpty()) {
            return "nothing";
        }
        return batches.get(0).source() + (batches.size() > 1 ? " (" + batches.size() + " hosts)" : "");
    }

    private IngestSummary ingestOne(HostBatch b, String now) throws SQLException {
        KernelFacts k = b.kernel();
        MachineFacts m = k.machine() == null ? MachineFacts.empty() : k.machine();
        String obsKey = hash(b.host(), b.source(), k.version(), k.arch(), k.hardware(), m.hypervisor(),
                String.valueOf(m.cpus()), String.valueOf(m.memoryMb()));
        Instant spanStart = null;
        Instant spanEnd = null;
        String spanNote = null;
        for (BootSession boot : k.boots()) {
            WallClock.Placed s = WallClock.place(boot.startTime(), b.reference());
            WallClock.Placed e = WallClock.place(boot.endTime(), b.reference());
            for (WallClock.Placed p : new WallClock.Placed[] {s, e}) {
                if (p != null) {
                    spanStart = spanStart == null || p.instant().isBefore(spanStart) ? p.instant() : spanStart;
                    spanEnd = spanEnd == null || p.instant().isAfter(spanEnd) ? p.instant() : spanEnd;
                    spanNote = spanNote == null ? p.note() : spanNote;
                }
            }
        }
        Dialect d = at.dialect();
        String upsert = "INSERT INTO host_observations (observation_key, host, host_from, source, kernel_release, arch,"
                + " hardware, hypervisor, cpus, memory_mb, span_start_utc, span_end_utc, time_note, ingested_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (observation_key) DO UPDATE SET"
                + " span_start_utc = " + d.least("COALESCE(host_observations.span_start_utc, excluded.span_start_utc)",
                        "COALESCE(excluded.span_start_utc, host_observations.span_start_utc)")
                + ", span_end_utc = " + d.greatest("COALESCE(host_observations.span_end_utc, excluded.span_end_utc)",
                        "COALESCE(excluded.span_end_utc, host_observations.span_end_utc)");
        try (PreparedStatement ps = db.prepareStatement(upsert)) {
            int i = 1;
            ps.setString(i++, obsKey);
            ps.setString(i++, b.host());
            ps.setString(i++, b.hostFrom());
            ps.setString(i++, b.source());
            ps.setString(i++, k.version());
            ps.setString(i++, k.arch());
            ps.setString(i++, k.hardware());
            ps.setString(i++, m.hypervisor());
            setInt(ps, i++, m.cpus());
            setLong(ps, i++, m.memoryMb());
            setLong(ps, i++, spanStart == null ? null : spanStart.getEpochSecond());
            setLong(ps, i++, spanEnd == null ? null : spanEnd.getEpochSecond());
            ps.setString(i++, spanNote);
            ps.setString(i, now);
            ps.executeUpdate();
        }
        Map<String, String> drivers = m.driverVersions();
        LinkedHashSet<String> modules = new LinkedHashSet<>(k.modules());
        for (Incident inc : b.incidents()) {
            modules.addAll(inc.modules());
        }
        try (PreparedStatement mod = db.prepareStatement(
                "INSERT INTO host_modules (observation_key, module) VALUES (?, ?) ON CONFLICT DO NOTHING");
             PreparedStatement drv = db.prepareStatement(
                "INSERT INTO host_drivers (observation_key, driver, version) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (String module : modules) {
                mod.setString(1, obsKey);
                mod.setString(2, module);
                mod.addBatch();
            }
            for (Map.Entry<String, String> e : drivers.entrySet()) {
                drv.setString(1, obsKey);
                drv.setString(2, e.getKey());
                drv.setString(3, e.getValue());
                drv.addBatch();
            }
            mod.executeBatch();
            drv.executeBatch();
        }
        Map<String, List<Cause>> causesByIncident = new LinkedHashMap<>();
        for (Cause c : b.causes()) {
            for (String id : c.incidents()) {
                causesByIncident.computeIfAbsent(id, x -> new ArrayList<>()).add(c);
            }
        }
        int added = 0;
        int yearInferred = 0;
        int zoneAssumed = 0;
        int untimed = 0;
        try (PreparedStatement occ = db.prepareStatement("INSERT INTO occurrences (occurrence_key, observation_key,"
                + " host, source, boot, kind, title, fingerprint, fingerprint_version, wall_text, local_time,"
                + " local_second, utc_seconds, time_note, kernel_time, kernel_release, first_line, last_line,"
                + " corrupted, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING");
             PreparedStatement om = db.prepareStatement(
                "INSERT INTO occurrence_modules (occurrence_key, module) VALUES (?, ?) ON CONFLICT DO NOTHING");
             PreparedStatement oc = db.prepareStatement("INSERT INTO occurrence_causes (occurrence_key, signature,"
                + " cause_rank, title, confidence) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Incident inc : b.incidents()) {
                String key = occurrenceKey(b.host(), inc);
                WallClock.Placed t = WallClock.place(inc.wallTime(), b.reference());
                if (t == null) {
                    untimed++;
                } else {
                    yearInferred += t.yearInferred() ? 1 : 0;
                    zoneAssumed += t.zoneAssumed() ? 1 : 0;
                }
                int i = 1;
                occ.setString(i++, key);
                occ.setString(i++, obsKey);
                occ.setString(i++, b.host());
                occ.setString(i++, b.source());
                occ.setInt(i++, inc.boot());
                occ.setString(i++, inc.kind().id());
                occ.setString(i++, inc.title());
                occ.setString(i++, inc.fingerprint());
                occ.setInt(i++, Fingerprint.VERSION);
                occ.setString(i++, inc.wallTime());
                occ.setString(i++, t == null ? null : t.local().toString());
                setInt(occ, i++, t == null ? null : t.secondOfDay());
                setLong(occ, i++, t == null ? null : t.instant().getEpochSecond());
                occ.setString(i++, t == null ? (inc.wallTime() == null ? null : "wall time not readable") : t.note());
                if (inc.time() == null) {
                    occ.setNull(i++, Types.DOUBLE);
                } else {
                    occ.setDouble(i++, inc.time());
                }
                occ.setString(i++, bootVersion(k, inc.boot()));
                occ.setLong(i++, inc.line());
                occ.setLong(i++, inc.endLine());
                occ.setInt(i++, inc.corrupted() ? 1 : 0);
                occ.setString(i, now);
                if (occ.executeUpdate() == 0) {
                    continue; // already recorded: its modules and causes are there too
                }
                added++;
                for (String module : inc.modules()) {
                    om.setString(1, key);
                    om.setString(2, module);
                    om.addBatch();
                }
                for (Cause c : causesByIncident.getOrDefault(inc.id(), List.of())) {
                    oc.setString(1, key);
                    oc.setString(2, c.signature());
                    oc.setInt(3, c.rank());
                    oc.setString(4, c.title());
                    oc.setDouble(5, c.confidence());
                    oc.addBatch();
                }
            }
            om.executeBatch();
            oc.executeBatch();
        }
        return new IngestSummary(1, b.incidents().size(), added, yearInferred, zoneAssumed, untimed);
    }

    /** The kernel release of a boot: the banner's, else the log's. */
    private static String bootVersion(KernelFacts k, int boot) {
        if (boot >= 0 && boot < k.boots().size() && k.boots().get(boot).version() != null) {
            return k.boots().get(boot).version();
        }
        return k.version();
    }

    /** Host and the incident's own content; never the input's name or line numbers. */
    static String occurrenceKey(String host, Incident inc) {
        StringBuilder sb = new StringBuilder();
        sb.append(host).append('\0').append(inc.kind().id()).append('\0').append(inc.fingerprint()).append('\0')
                .append(inc.title()).append('\0').append(inc.wallTime()).append('\0').append(inc.time());
        for (LogRecord r : inc.lines()) {
            sb.append('\0').append(r.text());
        }
        return hash(sb.toString());
    }

    static String hash(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest(), 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every occurrence with a time at or after {@code since} (null: all, including untimed ones). */
    public List<StoredOccurrence> occurrences(Instant since) throws StoreException {
        Map<String, List<String>> modules = new TreeMap<>();
        Map<String, List<StoredOccurrence.StoredCause>> causes = new TreeMap<>();
        List<StoredOccurrence> out = new ArrayList<>();
        String where = since == null ? "" : " WHERE o.utc_seconds >= ?";
        try {
            try (PreparedStatement ps = db.prepareStatement("SELECT m.occurrence_key, m.module FROM occurrence_modules m"
                    + " JOIN occurrences o ON o.occurrence_key = m.occurrence_key" + where + " ORDER BY m.module")) {
                bindSince(ps, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        modules.computeIfAbsent(rs.getString(1), x -> new ArrayList<>()).add(rs.getString(2));
                    }
                }
            }
            try (PreparedStatement ps = db.prepareStatement("SELECT c.occurrence_key, c.signature, c.title, c.confidence"
                    + " FROM occurrence_causes c JOIN occurrences o ON o.occurrence_key = c.occurrence_key" + where
                    + " ORDER BY c.cause_rank")) {
                bindSince(ps, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        causes.computeIfAbsent(rs.getString(1), x -> new ArrayList<>()).add(
                                new StoredOccurrence.StoredCause(rs.getString(2), rs.getString(3), rs.getDouble(4)));
                    }
                }
            }
            try (PreparedStatement ps = db.prepareStatement("SELECT o.occurrence_key, o.host, o.source, o.boot, o.kind,"
                    + " o.title, o.fingerprint, o.fingerprint_version, o.local_time, o.utc_seconds, o.time_note,"
                    + " o.kernel_release, o.first_line, o.last_line, o.kernel_time FROM occurrences o" + where
                    + " ORDER BY o.utc_seconds, o.host, o.occurrence_key")) {
                bindSince(ps, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String key = rs.getString(1);
                        String local = rs.getString(9);
                        long utc = rs.getLong(10);
                        Instant instant = rs.wasNull() ? null : Instant.ofEpochSecond(utc);
                        double kt = rs.getDouble(15);
                        Double kernelTime = rs.wasNull() ? null : kt;
                        out.add(new StoredOccurrence(rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getInt(8),
                                local == null ? null : LocalDateTime.parse(local), instant, rs.getString(11),
                                kernelTime, rs.getString(12), rs.getLong(13), rs.getLong(14),
                                List.copyOf(modules.getOrDefault(key, List.of())),
                                List.copyOf(causes.getOrDefault(key, List.of()))));
                    }
                }
            }
        } catch (SQLException e) {
            throw StoreErrors.translate(e, at, "reading incidents");
        }
        return out;
    }

    /** Every host with all attribute values its logs showed, by name. */
    public Map<String, StoredHost> hosts() throws StoreException {
        Map<String, Map<String, java.util.Set<String>>> attrs = new TreeMap<>();
        Map<String, Instant[]> spans = new TreeMap<>();
        try (Statement st = db.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT host, kernel_release, arch, hardware, hypervisor, cpus, memory_mb,"
                    + " span_start_utc, span_end_utc FROM host_observations")) {
                while (rs.next()) {
                    String host = rs.getString(1);
                    Map<String, java.util.Set<String>> a = attrs.computeIfAbsent(host, x -> new TreeMap<>());
                    put(a, "kernel", rs.getString(2));
                    put(a, "arch", rs.getString(3));
                    put(a, "hardware", rs.getString(4));
                    put(a, "hypervisor", rs.getString(5));
                    put(a, "vcpus", rs.getString(6));
                    String mem = rs.getString(7);
                    put(a, "memory", mem == null ? null : mem + " MiB");
                    long s = rs.getLong(8);
                    Instant start = rs.wasNull() ? null : Instant.ofEpochSecond(s);
                    long e = rs.getLong(9);
                    Instant end = rs.wasNull() ? null : Instant.ofEpochSecond(e);
                    Instant[] span = spans.computeIfAbsent(host, x -> new Instant[2]);
                    if (start != null && (span[0] == null || start.isBefore(span[0]))) {
                        span[0] = start;
                    }
                    if (end != null && (span[1] == null || end.isAfter(span[1]))) {
                        span[1] = end;
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT o.host, m.module FROM host_modules m"
                    + " JOIN host_observations o ON o.observation_key = m.observation_key")) {
                while (rs.next()) {
                    put(attrs.computeIfAbsent(rs.getString(1), x -> new TreeMap<>()), "module", rs.getString(2));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT o.host, d.driver, d.version FROM host_drivers d"
                    + " JOIN host_observations o ON o.observation_key = d.observation_key")) {
                while (rs.next()) {
                    put(attrs.computeIfAbsent(rs.getString(1), x -> new TreeMap<>()), "driver",
                            rs.getString(2) + " " + rs.getString(3));
                }
            }
        } catch (SQLException e) {
            throw StoreErrors.translate(e, at, "reading hosts");
        }
        Map<String, StoredHost> out = new TreeMap<>();
        for (Map.Entry<String, Map<String, java.util.Set<String>>> e : attrs.entrySet()) {
            Instant[] span = spans.getOrDefault(e.getKey(), new Instant[2]);
            out.put(e.getKey(), new StoredHost(e.getKey(), e.getValue(), span[0], span[1]));
        }
        return out;
    }

    private static void put(Map<String, java.util.Set<String>> a, String attr, String value) {
        if (value != null && !value.isBlank()) {
            a.computeIfAbsent(attr, x -> new TreeSet<>()).add(value);
        }
    }

    private static void bindSince(PreparedStatement ps, Instant since) throws SQLException {
        if (since != null) {
            ps.setLong(1, since.getEpochSecond());
        }
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private void rollbackQuietly() {
        try {
            if (!db.getAutoCommit()) {
                db.rollback();
            } else if (at.dialect() == Dialect.SQLITE) {
                try (Statement st = db.createStatement()) {
                    st.execute("ROLLBACK");
                }
            }
        } catch (SQLException ignored) {
            // the connection is going away with the error that brought us here
        }
    }

    private void closeQuietly() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // nothing more to tell the user than the error already on its way
        }
    }

    @Override
    public void close() throws StoreException {
        try {
            db.close();
        } catch (SQLException e) {
            throw StoreErrors.translate(e, at, "closing");
        }
    }
}
