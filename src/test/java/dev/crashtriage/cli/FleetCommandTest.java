package dev.crashtriage.cli;

import dev.crashtriage.fleet.ConstructedFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code crashtriage fleet}: options, output file, and the store's absence as an error, never an empty report. */
class FleetCommandTest {
    @TempDir
    Path tmp;

    /** A CONSTRUCTED VMware guest's syslog with two crashes a month apart (see ConstructedFleet). */
    private Path store() {
        var host = new ConstructedFleet.HostLog("vm1", ConstructedFleet.Machine.vmwareGuest(2, 2097152))
                .crash(LocalDateTime.of(2009, 10, 2, 22, 14, 3), ConstructedFleet.vmwarePanic())
                .crash(LocalDateTime.of(2009, 11, 3, 22, 40, 0), ConstructedFleet.vmwarePanic());
        Path log = host.write(tmp, LocalDate.of(2009, 10, 1), LocalDate.of(2009, 11, 5), new Random(1));
        Path db = tmp.resolve("fleet.db");
        assertEquals(ExitCodes.FINDINGS, CliRun.run("analyze", "--store", db.toString(), log.toString()).code());
        return db;
    }

    @Test
    void sinceLeavesOutWhatCameBefore() {
        Path db = store();
        CliRun all = CliRun.run("fleet", "--store", db.toString());
        assertEquals(ExitCodes.OK, all.code(), all.toString());
        assertTrue(all.out().contains("2x  kernel BUG at lib/list_debug.c:67"), all.out());
        CliRun late = CliRun.run("fleet", "--store", db.toString(), "--since", "2009-10-15");
        assertTrue(late.out().contains("1x  kernel BUG at lib/list_debug.c:67"), late.out());
        assertTrue(late.out().contains("since 2009-10-15 00:00Z"), late.out());
    }

    @Test
    void writesTheReportToAFile() throws Exception {
        Path db = store();
        Path html = tmp.resolve("fleet.html");
        CliRun r = CliRun.run("fleet", "--store", db.toString(), "-f", "html", "-o", html.toString());
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertTrue(Files.readString(html).startsWith("<!DOCTYPE html>"));
        assertEquals("", r.out());
    }

    @Test
    void aMissingStoreIsExit5NotAnEmptyReport() {
        CliRun r = CliRun.run("fleet", "--store", tmp.resolve("none.db").toString());
        assertEquals(ExitCodes.STORE_ERROR, r.code(), r.toString());
        assertTrue(r.err().startsWith("crashtriage: no fleet store at "), r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(tmp.resolve("none.db")), "reading never creates a store");
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, CliRun.run("fleet", "--since", "last tuesday").code());
        assertEquals(ExitCodes.USAGE, CliRun.run("fleet", "-f", "pdf").code());
        assertEquals(ExitCodes.USAGE, CliRun.run("fleet", "--window", "0").code());
    }
}
