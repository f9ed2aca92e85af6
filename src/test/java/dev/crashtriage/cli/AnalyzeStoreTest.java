package dev.crashtriage.cli;

import dev.crashtriage.fleet.ConstructedFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code analyze --store}: the report as usual, plus the store written; store failures are exit 5 in one line. */
class AnalyzeStoreTest {
    @TempDir
    Path tmp;

    private String log() {
        // CONSTRUCTED: a tg3 host's syslog over three days, one real tg3 crash (see ConstructedFleet)
        var host = new ConstructedFleet.HostLog("web1", ConstructedFleet.Machine.physical("tg3.c:v3.119 (May 18, 2011)",
                8, 16777216)).crash(LocalDateTime.of(2012, 5, 2, 3, 4, 5), ConstructedFleet.tg3Crash());
        return host.write(tmp, LocalDate.of(2012, 5, 1), LocalDate.of(2012, 5, 3), new Random(5)).toString();
    }

    @Test
    void recordsIncidentsAndSaysSoOnStderr() {
        Path db = tmp.resolve("sub/fleet.db");
        String log = log();
        CliRun r = CliRun.run("analyze", "--store", db.toString(), log);
        assertEquals(ExitCodes.FINDINGS, r.code(), r.toString());
        assertTrue(Files.isRegularFile(db), "the store's directory is created");
        assertTrue(r.err().contains("recorded 2 new of 2 incidents from 1 host stream"), r.err());
        assertTrue(r.err().contains("without a year"), "syslog has no year: said so\n" + r.err());
        CliRun again = CliRun.run("analyze", "--store=" + db, log);
        assertTrue(again.err().contains("recorded 0 new of 2 incidents"), again.err());
        assertEquals(r.out(), again.out(), "the report itself is the same with or without the store");
    }

    @Test
    void theDefaultStoreIsUnderTheUsersDataDirectory() {
        CliRun r = CliRun.withStdin(null, Map.of("XDG_DATA_HOME", tmp.toString()), "analyze", "--store", log());
        assertTrue(Files.isRegularFile(tmp.resolve("crashtriage/fleet.db")), r.toString());
    }

    @Test
    void aNewerStoreIsExit5InOneLine() throws Exception {
        Path db = tmp.resolve("fleet.db");
        String log = log();
        assertEquals(ExitCodes.FINDINGS, CliRun.run("analyze", "--store", db.toString(), log).code());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("INSERT INTO schema_version (version, applied_at) VALUES (999, 'future')");
        }
        CliRun r = CliRun.run("analyze", "--store", db.toString(), log);
        assertEquals(ExitCodes.STORE_ERROR, r.code(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("crashtriage: the store " + db + " has schema version 999"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aStoreThatIsNotOneIsExit5() throws Exception {
        Path notes = tmp.resolve("notes.db");
        Files.writeString(notes, "not a database\n".repeat(100));
        CliRun r = CliRun.run("analyze", "--store", notes.toString(), log());
        assertEquals(ExitCodes.STORE_ERROR, r.code(), r.toString());
        assertTrue(r.err().contains("is not a crashtriage store"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void anUnsupportedUrlIsAUsageError() {
        CliRun r = CliRun.run("analyze", "--store", "jdbc:mysql://db/x", log());
        assertEquals(ExitCodes.USAGE, r.code(), r.toString());
    }
}
