package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The VFS's own consistency messages (fs/open.c file count, fs/file.c file reference put, fs/super.c busy inodes)
 * are titled by the message, without the volatile parts. Sources: src/test/resources/kernel-reports/README.md.
 */
class VfsConsistencyMessagesTest {

    @Test
    void closeWithFileCountZeroKeepsTheFileOperationsWithoutTheModule() {
        List<IncidentBuilder> found = TestLogs.crashesInReport("vfs-file-count-6.12.log");
        assertEquals("VFS: Close: file count is 0 (f_op=iommufd_fops)", found.get(0).title);
        // CHECK_DATA_CORRUPTION's WARNING that follows is its own report, as the kernel prints it.
        assertEquals("WARNING in filp_flush", found.get(1).title);
        assertEquals(2, found.size());
    }

    @Test
    void oldEraCloseMessageWithoutStackIsAnIncident() {
        List<IncidentBuilder> found = TestLogs.crashesInReport("vfs-file-count-2.6.log");
        assertEquals(1, found.size());
        assertEquals("VFS: Close: file count is 0", found.get(0).title);
    }

    @Test
    void imbalancedFilePutSkipsThePutPath() {
        List<IncidentBuilder> found = TestLogs.crashesInReport("vfs-file-ref-put-6.12.log");
        assertEquals(1, found.size());
        // The quote stops at __fput_sync: every frame is the put path itself, so no caller is known.
        assertEquals("WARNING: imbalanced put on file reference count in corrupted", found.get(0).title);
        assertTrue(found.get(0).corrupted);
    }

    @Test
    void otherWarningsInFsFileStayPlainWarnings() {
        // Constructed: a WARNING elsewhere in fs/file.c (not the reference put) keeps the generic recipe.
        List<LogRecord> r = TestLogs.records("t", String.join("\n",
                "[  100.000001] WARNING: CPU: 1 PID: 4242 at fs/file.c:412 expand_files+0x2f1/0x360",
                "[  100.000002] Call Trace:",
                "[  100.000003]  expand_files+0x2f1/0x360",
                "[  100.000004]  replace_fd+0x6e/0x140",
                "[  100.000005]  receive_fd_replace+0x2c/0x80"));
        List<IncidentBuilder> found = TestLogs.detect(new CrashReportDetector(), r);
        assertEquals(1, found.size());
        assertEquals("WARNING in expand_files", found.get(0).title);
    }

    @Test
    void busyInodesFollowedByTheSuperBlockBugKeepsTheConventionTitle() {
        List<IncidentBuilder> found = TestLogs.crashesInReport("vfs-busy-inodes-6.6.log");
        assertEquals("VFS: Busy inodes after unmount (use-after-free)", found.get(0).title);
        assertFalse(found.get(0).corrupted);
    }

    @Test
    void quotedOrNeighbouringVfsMessagesOpenNoIncident() {
        // Constructed: a shell echo quoting the message, and fs/file_table.c's file-max notice, which is no inconsistency.
        List<LogRecord> r = TestLogs.records("t", String.join("\n",
                "+ echo 'expect: VFS: Close: file count is 0'",
                "[  200.000001] VFS: file-max limit 8192 reached"));
        assertEquals(0, TestLogs.detect(new CrashReportDetector(), r).size());
    }
}
