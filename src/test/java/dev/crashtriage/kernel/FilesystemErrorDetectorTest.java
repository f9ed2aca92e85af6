package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FilesystemErrorDetectorTest {

    @Test
    void ext4MountWithErrorsAndJournalRecovery() {
        Extraction e = EventTestLogs.extract("ata-unc-F3.log", new FilesystemErrorDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals(IncidentKind.FS_RECOVERY, i.kind());
        assertEquals("EXT4 recovery on dm-0 (e2fsck recommended)", i.title());
        assertEquals("ext4", i.facts().get("fs"));
        assertEquals("dm-0", i.facts().get("device"));
        assertEquals(0, i.facts().get("read_only"));
        assertEquals(6, i.line());
        assertEquals(8, i.endLine(), "the 'mounted filesystem' note right after belongs to it");
    }

    @Test
    void journalAbortAndLaterReadOnlyRemountAreSeparateEpisodes() {
        Extraction e = EventTestLogs.extract("ext4-journal-abort-lede.log", new FilesystemErrorDetector());
        List<Incident> found = e.incidents();
        assertEquals(2, found.size());
        assertEquals(IncidentKind.JOURNAL_ABORT, found.get(0).kind());
        assertEquals("JBD journal aborted on sdb1", found.get(0).title());
        assertEquals(5, found.get(0).line());
        Incident ro = found.get(1);
        assertEquals(IncidentKind.JOURNAL_ABORT, ro.kind());
        assertEquals("EXT4 journal aborted on sdb1 (remounted read-only)", ro.title());
        assertEquals(1, ro.facts().get("read_only"));
        assertEquals(6, ro.line());
        assertEquals(14, ro.endLine(), "the superblock write error 8 s later is the same episode");
    }

    @Test
    void jbd2ErrorThenExt4NoticesItAMinuteLater() {
        Extraction e = EventTestLogs.extract("ext4-jbd2-rpi.log", new FilesystemErrorDetector());
        List<Incident> found = e.incidents();
        assertEquals(3, found.size());
        Incident abort = found.get(0);
        assertEquals("EXT4 journal aborted on sda1 (remounted read-only)", abort.title());
        assertEquals("ext4", abort.facts().get("fs"));
        assertEquals(5, abort.line());
        assertEquals(8, abort.endLine());
        assertEquals(IncidentKind.FS_ERROR, found.get(1).kind());
        assertEquals(9, found.get(1).line());
        assertEquals(12, found.get(1).endLine());
        assertEquals(13, found.get(2).line());
        assertEquals(15, found.get(2).endLine());
    }

    @Test
    void xfsCorruptionShutdown() {
        Extraction e = EventTestLogs.extract("xfs-shutdown-stratis.log", new FilesystemErrorDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals(IncidentKind.FS_ERROR, i.kind());
        assertEquals("XFS error on dm-11 (filesystem shut down)", i.title());
        assertEquals("xfs", i.facts().get("fs"));
        assertEquals(1, i.facts().get("shutdown"));
        assertEquals(2, i.line());
        assertEquals(12, i.endLine(), "systemd's lines after it are not XFS's");
    }

    @Test
    void xfsLogErrorIsAJournalAbort() {
        Extraction e = EventTestLogs.extract("xfs-log-error-coreos.log", new FilesystemErrorDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals(IncidentKind.JOURNAL_ABORT, i.kind());
        assertEquals("XFS journal aborted on xvdb (filesystem shut down)", i.title());
        assertEquals(3, i.endLine());
    }

    @Test
    void btrfsChecksumFailuresWithoutLaterRoutineLines() {
        Extraction e = EventTestLogs.extract("btrfs-csum-zns.log", new FilesystemErrorDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals("BTRFS error on nvme0n1", i.title());
        assertEquals("btrfs", i.facts().get("fs"));
        assertEquals(7L, i.facts().get("errors"));
        assertEquals(2, i.line());
        assertEquals(10, i.endLine(), "info lines 12 s later are routine, not part of the episode");
    }

    @Test
    void aLogReplayIsOneIncidentThroughGluedSystemdStatusAndAMinuteOfSilence() {
        Extraction e = EventTestLogs.extract("xfs-recovery-glued-systemd-constructed.log", new FilesystemErrorDetector());
        List<Incident> rec = EventTestLogs.ofKind(e, IncidentKind.FS_RECOVERY);
        assertEquals(2, rec.size(), rec::toString);
        assertEquals("vda4", rec.get(0).facts().get("device"));
        assertEquals(3, rec.get(0).line());
        assertEquals(7, rec.get(0).endLine(), "the glued \"Ending recovery\" 90 s later ends the same replay");
        assertEquals("vdb", rec.get(1).facts().get("device"), "another device's replay stays apart");
    }

    @Test
    void gluedLinesAreReadFromTheirPrintkTimestamp() {
        assertEquals(IncidentKind.FS_RECOVERY, FilesystemErrorDetector.parseGlued(
                "[  OK  ] Reached target Local File Systems (Pre).[   99.695154] XFS (vda4): Ending recovery (logdev: internal)").kind());
        assertEquals(null, FilesystemErrorDetector.parseGlued("[  OK  ] Started Journal Service.[   10.695154] systemd[1]: Started Journal Service."));
        assertEquals(null, FilesystemErrorDetector.parseGlued("[<ffffffffa01e76c2>] ? xfs_alloc_ag_vextent_size+0x482/0x630 [xfs]"),
                "a stack frame naming xfs is no filesystem message");
    }
}
