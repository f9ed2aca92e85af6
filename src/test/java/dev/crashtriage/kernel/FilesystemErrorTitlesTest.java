package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Filesystem error titles keep the function and the failed check. Lines are quoted from public
 * reports (source above each) unless marked constructed.
 */
class FilesystemErrorTitlesTest {

    @Test
    void ext4ErrorKeepsFunctionAndCheckWithoutInodeOrTask() {
        // voidlinux/void-packages issue #4804
        assertEquals("in ext4_lookup: deleted inode referenced", FilesystemErrorTitles.detail(
                "EXT4-fs error (device sda1): ext4_lookup:1607: inode #525615: comm Cache2 I/O: deleted inode referenced: 530632"));
        assertEquals("in ext4_iget: bad extra_isize", FilesystemErrorTitles.detail(
                "EXT4-fs error (device sda1): ext4_iget:4450: inode #542119: comm Cache2 I/O: bad extra_isize (20654 != 256)"));
        // raspberrypi/linux issue #293
        assertEquals("in __ext4_ext_check_block: bad header/extent: invalid magic", FilesystemErrorTitles.detail(
                "EXT4-fs error (device mmcblk0p2): __ext4_ext_check_block:480: inode #397: comm dpkg: bad header/extent: invalid magic"
                        + " - magic 89ee, entries 20742, max 33940(0), depth 49228(0)"));
        // home-assistant/operating-system issue #1401
        assertEquals("in __ext4_find_entry: checksumming directory block", FilesystemErrorTitles.detail(
                "EXT4-fs error (device sda7): __ext4_find_entry:1545: inode #37: comm journalctl: checksumming directory block 0"));
        // The example shape (constructed): the iget checksum failure.
        assertEquals("in ext4_lookup: iget: checksum invalid", FilesystemErrorTitles.detail(
                "EXT4-fs error (device mmcblk0p1): ext4_lookup:1707: inode #131074: comm find: iget: checksum invalid"));
    }

    @Test
    void ext4LinesThatAreNotErrorsGiveNoDetail() {
        // home-assistant/operating-system issue #1401: a warning and the periodic error-count summary.
        assertNull(FilesystemErrorTitles.detail("EXT4-fs warning (device sda7): ext4_dirblock_csum_verify:377: inode #37: comm journalctl:"
                + " No space for directory leaf checksum. Please run e2fsck -D."));
        assertNull(FilesystemErrorTitles.detail("EXT4-fs (sda7): initial error at time 1608666184: __ext4_find_entry:1541: inode 37"));
    }

    @Test
    void xfsInternalErrorNamesTheCheckAndItsCaller() {
        // mattshma/docs issue #10 (RHEL 6, 2.6.32-358): the caller printed as an address.
        assertEquals("internal error XFS_WANT_CORRUPTED_RETURN", FilesystemErrorTitles.detail(
                "XFS: Internal error XFS_WANT_CORRUPTED_RETURN at line 342 of file fs/xfs/xfs_alloc.c.  Caller 0xffffffffa01e76c2"));
        // Constructed in the newer form, where %pS names the caller.
        assertEquals("internal error xfs_trans_cancel in xfs_rmap_unmap", FilesystemErrorTitles.detail(
                "XFS (dm-3): Internal error xfs_trans_cancel at line 1097 of file fs/xfs/xfs_trans.c.  Caller xfs_rmap_unmap+0x4a1/0x9e0 [xfs]"));
        // linuxppc/issues issue #384
        assertEquals("metadata I/O error in xfs_fs_goingdown", FilesystemErrorTitles.detail(
                "XFS (sda3): Metadata I/O Error (0x4) detected at xfs_fs_goingdown+0x68/0x160 [xfs] (fs/xfs/xfs_fsops.c:497).  Shutting down filesystem."));
    }

    @Test
    void btrfsTreeCheckerKeepsTheFailedCheck() {
        // Constructed in the tree-checker format of fs/btrfs/tree-checker.c (the example).
        assertEquals("corrupt leaf: invalid extent data ref hash", FilesystemErrorTitles.detail(
                "BTRFS critical (device sdd): corrupt leaf: block=1768062976 slot=7 extent bytenr=1175031808 len=4096 invalid extent data ref hash,"
                        + " item has 0x1ea43fa05ce7a96a key has 0x1ea43fa05ce7a96b"));
        // A checksum failure names no check of the tree checker: no detail, the title stays "BTRFS error on <dev>".
        assertNull(FilesystemErrorTitles.detail("BTRFS warning (device nvme0n1): csum failed root -9 ino 304 off 171753472 csum 0xdcc7ba9c"
                + " expected csum 0x8941f998 mirror 1"));
    }

    @Test
    void theEpisodeTitleCarriesTheDetail() {
        List<LogRecord> r = TestLogs.records("fs", String.join("\n",
                "[ 1099.228378] EXT4-fs error (device sda1): ext4_lookup:1607: inode #525615: comm Cache2 I/O: deleted inode referenced: 530632",
                "[ 1099.444875] EXT4-fs error (device sda1): ext4_iget:4450: inode #542119: comm Cache2 I/O: bad extra_isize (20654 != 256)"));
        List<IncidentBuilder> found = TestLogs.detect(new FilesystemErrorDetector(), r);
        assertEquals(1, found.size());
        assertEquals("EXT4 error in ext4_lookup: deleted inode referenced on sda1", found.get(0).title);
    }
}
