package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Episodes that later incidents can be explained by, and the devices that bind lines to incidents. */
class EpisodesAndDevicesTest {

    @Test
    void ataResetsWithADowngradeToPio0AreOneEpisodeBesideTheOpticalDrive() {
        Extraction e = EventTestLogs.extractAll("ata-pio0-downgrade-jbd2-sparc64-5.6.log");
        List<Incident> ata = EventTestLogs.ofKind(e, IncidentKind.ATA_ERROR);
        Incident disk = ata.stream().filter(i -> "ata1.00".equals(i.fact(Facts.ATA_PORT))).reduce((a, b) -> b).orElseThrow();
        assertEquals("ata1.00", disk.fact(Facts.ATA_PORT));
        assertEquals(8L, disk.fact(Facts.LINK_RESETS), "every round of resets on ata1.00, 30 s apart, the ones before the first downgrade too");
        assertEquals(8L, disk.fact(Facts.ROUNDS));
        assertEquals("PIO0", disk.fact(Facts.TRANSFER_MODE), "the final mode after limiting speed to PIO4, PIO3, PIO0");
        assertEquals(0, disk.fact(Facts.REMOVABLE));
        assertTrue(disk.endLine() >= 126, "through the last round, across the hung-task reports in between");
        Incident cdrom = ata.stream().filter(i -> "ata2.00".equals(i.fact(Facts.ATA_PORT))).findFirst().orElseThrow();
        assertEquals(1, cdrom.fact(Facts.REMOVABLE), "the CD drive's TEST_UNIT_READY timeouts (ATAPI packet command 0xa0)");
        String summary = EpisodeSummary.of(disk);
        assertTrue(summary.contains("8 link resets on ata1.00") && summary.contains("down to PIO0"), summary);

        List<Incident> hung = EventTestLogs.ofKind(e, IncidentKind.HUNG_TASK);
        assertEquals(2, hung.size(), "the pass at 1575 s (jbd2 and http) and the one at 1695 s");
        assertEquals(2, hung.get(0).fact(Facts.TASK_COUNT));
        assertEquals(List.of("sda2"), hung.get(0).fact(Facts.DEVICES), "jbd2/sda2-8 is sda2's journal thread");
    }

    @Test
    void aScratchedCdIsRemovableMediaNotAFailingDisk() {
        Extraction e = EventTestLogs.extract("sr0-scratched-cd-10.04.log", new BlockIoDetector());
        assertEquals(1, e.incidents().size(), "two read attempts 5 s apart on sr0: one episode");
        Incident i = e.incidents().get(0);
        assertEquals(2L, i.fact(Facts.ROUNDS));
        assertEquals(1, i.fact(Facts.REMOVABLE));
        assertEquals(1, i.fact(Facts.MEDIA_ERROR));
        assertEquals("SCSI media error on sr0 (removable media)", i.title());
        Incident disk = EventTestLogs.extract("scsi-medium-longhorn.log", new BlockIoDetector()).incidents().get(0);
        assertEquals(0, disk.fact(Facts.REMOVABLE), "a disk's medium error is no removable media");
    }

    @Test
    void sataHotPlugIsMarkedAndAFlakyLinkIsNot() {
        Incident plug = EventTestLogs.extract("sata-hotplug-esata-9.10.log", new BlockIoDetector()).incidents().get(0);
        assertEquals(1, plug.fact(Facts.HOTPLUG), "connection status changed, DevExch, no command failed");
        assertEquals("ATA error on ata1 (hot-plug)", plug.title());
        Incident flaky = EventTestLogs.extract("sata-devexch-failing-link.log", new BlockIoDetector()).incidents().get(0);
        assertEquals(0, flaky.fact(Facts.HOTPLUG), "DevExch with a failed READ DMA EXT and an I/O error is a failing link");
    }

    @Test
    void aJournalReplayOfAnLvmSnapshotLongAfterBootIsRoutine() {
        List<Incident> snap = EventTestLogs.ofKind(EventTestLogs.extractAll("lvm-snapshot-replay-constructed.log"),
                IncidentKind.FS_RECOVERY);
        assertEquals(2, snap.size());
        assertEquals(1, snap.get(0).fact(Facts.SNAPSHOT));
        assertEquals(1, snap.get(1).fact(Facts.SNAPSHOT), "2.6 ext3 names no device: six hours after boot tells");
        Incident atBoot = EventTestLogs.ofKind(EventTestLogs.extractAll("lvm-root-replay-at-boot-constructed.log"),
                IncidentKind.FS_RECOVERY).get(0);
        assertEquals(0, atBoot.fact(Facts.SNAPSHOT), "the same replay 9 s after boot follows an unclean reset");
    }

    @Test
    void linesBindToTheIncidentWhoseDevicesTheyName() {
        // constructed (labelled): an ext4 journal abort on an NVMe root partition, worded as fs/ext4/super.c and
        // fs/jbd2/journal.c print it, with two USB disconnects (drivers/usb/core/hub.c "USB disconnect, device
        // number %d") around it
        IncidentExtractor x = new IncidentExtractor();
        String[] log = {
            "[ 5000.100000] usb 1-4: USB disconnect, device number 5",
            "[ 5001.000000] EXT4-fs error (device nvme0n1p2): ext4_journal_check_start:83: comm kworker/u16:2: Detected aborted journal",
            "[ 5001.000100] EXT4-fs (nvme0n1p2): Remounting filesystem read-only",
            "[ 5001.500000] usb 1-3: USB disconnect, device number 4",
        };
        for (int n = 0; n < log.length; n++) {
            x.accept(EventTestLogs.parse("t", n + 1, log[n]));
        }
        Incident abort = EventTestLogs.ofKind(x.finish(), IncidentKind.JOURNAL_ABORT).get(0);
        assertEquals(List.of("nvme0n1p2"), abort.fact(Facts.DEVICES));
        assertEquals(Boolean.FALSE, DeviceNames.binds(abort, log[0].substring(15)), "a USB disconnect names another device");
        assertEquals(Boolean.FALSE, DeviceNames.binds(abort, log[3].substring(15)));
        assertEquals(Boolean.TRUE, DeviceNames.binds(abort, "blk_update_request: I/O error, dev nvme0n1, sector 2048"),
                "the disk of the partition");
        assertNull(DeviceNames.binds(abort, "random: crng init done"), "a line that names no device cannot tell");
    }

    @Test
    void deviceNamesAsTheLayersPrintThem() {
        assertEquals(java.util.Set.of("sd 0:0:0:0", "sda"), DeviceNames.in("sd 0:0:0:0: [sda] tag#0 FAILED Result: hostbyte=DID_OK"));
        assertEquals(java.util.Set.of("ata1.00"), DeviceNames.in("ata1.00: exception Emask 0x0 SAct 0x0 SErr 0x0 action 0x6 frozen"));
        assertEquals(java.util.Set.of("sda1-8"), DeviceNames.in("Aborting journal on device sda1-8."));
        assertEquals(java.util.Set.of("usb 1-4"), DeviceNames.in("usb 1-4: USB disconnect, device number 5"));
        assertTrue(DeviceNames.sameDevice("sda1-8", "sda"));
        assertTrue(DeviceNames.sameDevice("nvme0n1p2", "nvme0n1"));
        assertFalse(DeviceNames.sameDevice("dm-0", "dm-1"));
        assertFalse(DeviceNames.sameDevice("sda", "sdb"));
        assertEquals("sda2", DeviceNames.ofTask("jbd2/sda2-8"));
        assertEquals("dm-0", DeviceNames.ofTask("xfsaild/dm-0"));
        assertNull(DeviceNames.ofTask("kworker/u16:2"));
        assertTrue(DeviceNames.isRemovable("sr0"));
        assertFalse(DeviceNames.isRemovable("sda"));
    }

    @Test
    void tasksAndCpusNamedInALineBindItOrKeepItApart() {
        Extraction e = EventTestLogs.extractAll("hung-tasks-syzkaller-432.log");
        Incident hung = EventTestLogs.ofKind(e, IncidentKind.HUNG_TASK).get(0);
        assertEquals(Boolean.TRUE, TaskAndCpuNames.bindsByTask(hung, "INFO: task syz-executor.3:1217 blocked for more than 143 seconds."),
                "1217 is one of the episode's tasks");
        assertEquals(Boolean.FALSE, TaskAndCpuNames.bindsByTask(hung, "syz-executor.0[4242]: segfault at 0 ip 0000000000401000 sp 00007ffd0 error 4"));
        assertNull(TaskAndCpuNames.bindsByTask(hung, "random: crng init done"));
        Incident lockup = EventTestLogs.ofKind(EventTestLogs.extractAll("nmi-watchdog-lockup-2.6.18.log"), IncidentKind.HARD_LOCKUP).get(0);
        assertEquals(Boolean.TRUE, TaskAndCpuNames.bindsByTask(lockup, "Process scsi_eh_2 (pid: 284, threadinfo ffff81022fbf4000, task ffff81022fa32180)"));
        assertEquals(java.util.Set.of(3), TaskAndCpuNames.cpus("NMI backtrace for cpu 3"));
        assertEquals(java.util.Set.of(1), TaskAndCpuNames.cpus("NMI Watchdog detected LOCKUP on CPU 1"));
    }
}
