package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockIoDetectorTest {

    @Test
    void failingDiskRoundsOfErrorHandlingAreOneEpisode() {
        Extraction e = EventTestLogs.extract("ata-unc-F3.log", new BlockIoDetector());
        List<Incident> found = e.incidents();
        assertEquals(1, found.size(), "boot-time link lines are not errors; the media-error rounds 4 s apart on sda are one episode");
        Incident first = found.get(0);
        assertEquals(IncidentKind.ATA_ERROR, first.kind());
        assertEquals("ATA media error on sda", first.title());
        assertEquals(9, first.line());
        assertEquals(60, first.endLine(), "through the second round");
        assertEquals(2L, first.fact(Facts.ROUNDS));
        Map<String, Object> f = first.facts();
        assertEquals("sda", f.get("device"));
        assertEquals("ata1.00", f.get("ata_port"));
        assertEquals(1204269824L, f.get("sector"));
        assertEquals(1, f.get("media_error"));
        assertEquals(0, f.get("timeout"));
        assertEquals("libata", f.get("driver"));
        assertEquals(12L, f.get("io_errors"), "one end_request and ten Buffer I/O errors, then the second round's end_request");
        assertEquals(0, f.get("removable"));
        assertTrue(((List<?>) f.get("devices")).containsAll(List.of("ata1.00", "sda")), f.get("devices")::toString);
    }

    @Test
    void modernPrintReqErrorWithDmesgWallTimes() {
        Extraction e = EventTestLogs.extract("ata-unc-nbs-dmesg-T.log", new BlockIoDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals("ATA media error on sda", i.title());
        assertEquals(582845656L, i.facts().get("sector"));
        assertEquals(2, i.line());
        assertEquals(15, i.endLine());
    }

    @Test
    void commandTimeoutWithLinkReset() {
        Extraction e = EventTestLogs.extract("ata-timeout-sunxi.log", new BlockIoDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals("ATA timeout on ata1.00", i.title());
        assertEquals(1, i.facts().get("timeout"));
        assertEquals(0, i.facts().get("media_error"));
        assertEquals("link reset", i.facts().get("action"));
        assertEquals(13, i.endLine());
    }

    @Test
    void scsiMediumErrorsWithoutAta() {
        Extraction e = EventTestLogs.extract("scsi-medium-longhorn.log", new BlockIoDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals(IncidentKind.SCSI_ERROR, i.kind());
        assertEquals("SCSI media error on sdb", i.title());
        assertEquals(0L, i.facts().get("sector"));
        assertEquals(5L, i.facts().get("io_errors"));
        assertEquals(3, i.line(), "the unrelated aufs line before is not part of it");
        assertEquals(15, i.endLine());
    }

    @Test
    void mptscsihTaskAborts() {
        Extraction e = EventTestLogs.extract("scsi-abort-mptscsih.log", new BlockIoDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals("SCSI task abort on sdb", i.title());
        assertEquals("mptscsih", i.facts().get("driver"));
        assertEquals("task abort", i.facts().get("action"));
    }

    @Test
    void errorStormStaysOneBoundedIncident() {
        // The longhorn#193 failure lines repeated 20,000 times, 1 ms apart: memory must not grow with the storm.
        List<LogRecord> real = EventTestLogs.read("scsi-medium-longhorn.log").subList(1, 14);
        IncidentExtractor x = new IncidentExtractor(List.of(new BlockIoDetector()));
        long n = 0;
        for (int rep = 0; rep < 20_000; rep++) {
            LogRecord r = real.get(rep % real.size());
            n++;
            x.accept(new LogRecord("storm", n, null, 1000 + n * 0.001, null, -1, null, "kernel", true, r.text()));
        }
        Extraction e = x.finish();
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertTrue(i.lines().size() <= IncidentBuilder.MAX_LINES);
        assertEquals(20_000L - IncidentBuilder.MAX_LINES, i.facts().get("lines_not_kept"));
        assertEquals(20_000L, i.endLine());
    }

    @Test
    void qla2xxxDeviceResetsAreOneScsiEpisode() {
        Extraction e = EventTestLogs.extract("scsi-qla2xxx-device-reset.log", new BlockIoDetector());
        assertEquals(1, e.incidents().size(), e.incidents()::toString);
        Incident i = e.incidents().get(0);
        assertEquals(IncidentKind.SCSI_ERROR, i.kind());
        assertEquals("SCSI reset (qla2xxx)", i.title());
        assertEquals(2L, i.fact(Facts.RESETS), "two DEVICE RESET ISSUED");
        assertEquals("qla2xxx", i.fact(Facts.DRIVER));
        assertEquals(9, i.endLine());
    }

    @Test
    void qla2xxxAbortIsAnError() {
        // ql_log(.., 0x801c, "Abort command issued nexus=%ld:%d:%llu --  %d %x.") in qla_os.c (constructed values)
        assertEquals(BlockIoDetector.Layer.SCSI, BlockIoDetector.classify(
                "qla2xxx [0000:81:00.1]-801c:6: Abort command issued nexus=6:1:0 --  1 2002."));
        assertEquals(BlockIoDetector.Layer.SCSI_INFO, BlockIoDetector.classify(
                "qla2xxx [0000:81:00.1]-00fb:6: QLogic QLE2562 - PCI-Express Dual Channel 8Gb Fibre Channel HBA."));
    }

    @Test
    void megaraidFusionResetIsAnAdapterResetEpisode() {
        Extraction e = EventTestLogs.extract("scsi-megaraid-fusion-reset.log", new BlockIoDetector());
        Incident reset = e.incidents().stream().filter(i -> "adapter reset".equals(i.fact(Facts.ACTION))).findFirst().orElseThrow();
        assertEquals(IncidentKind.SCSI_ERROR, reset.kind());
        assertEquals("megaraid_sas", reset.fact(Facts.DRIVER));
        assertEquals(1L, reset.fact(Facts.RESETS));
        assertEquals(2, reset.line(), "the four 'waiting for 1 commands' polls 5 s apart begin the same reset");
        assertEquals(6L, reset.fact(Facts.ROUNDS));
        Incident abort = e.incidents().get(e.incidents().size() - 1);
        assertEquals(2, e.incidents().size(), "one reset episode, then the abort");
        assertEquals(1L, abort.fact(Facts.ABORTS), "the abort 27 minutes later is its own episode");
        assertEquals(List.of("sd 0:0:20:0"), abort.fact(Facts.DEVICES));
    }

    @Test
    void aacraidAbortThenResetRounds15SecondsApartAreOneEpisode() {
        List<Incident> found = EventTestLogs.extract("scsi-aacraid-abort-reset-rounds.log", new BlockIoDetector()).incidents();
        assertEquals(1, found.size(), found::toString);
        Incident i = found.get(0);
        assertEquals(IncidentKind.SCSI_ERROR, i.kind());
        assertEquals("aacraid", i.fact(Facts.DRIVER));
        assertEquals(1L, i.fact(Facts.ABORTS));
        assertEquals(2L, i.fact(Facts.RESETS), "two 'Host adapter reset request' lines");
        assertEquals(2L, i.fact(Facts.ROUNDS));
    }

    @Test
    void ioErrorsOnTwoDisksAMinuteApartStayTwoEpisodes() {
        // constructed: the same media error on sda, then on sdb 20 s later; another device never joins an episode
        List<Incident> found = EventTestLogs.extract("two-disks-media-errors-constructed.log", new BlockIoDetector()).incidents();
        assertEquals(2, found.size(), found::toString);
        assertEquals("sda", found.get(0).fact(Facts.DEVICE));
        assertEquals("sdb", found.get(1).fact(Facts.DEVICE));
    }

    @Test
    void uasErrorHandlingIsAScsiEpisodeOfItsHost() {
        // real (raspberrypi/linux#3485): uas command-state errors and device resets on host0 (sda), then sdb on host1
        List<Incident> found = EventTestLogs.extract("scsi-uas-resets-rpi4.log", new BlockIoDetector()).incidents();
        assertEquals(3, found.size(), found::toString);
        for (Incident i : found) {
            assertEquals(IncidentKind.SCSI_ERROR, i.kind());
            assertEquals("uas", i.fact(Facts.DRIVER));
        }
        Incident resets = found.get(1);
        assertEquals(2L, resets.fact(Facts.RESETS), "two 'uas_eh_device_reset_handler start' lines 30 s apart on host0");
        assertEquals(2L, resets.fact(Facts.ROUNDS));
        assertEquals("sdb", found.get(2).fact(Facts.DEVICE), "host1's disk is not folded into host0's resets");
    }

    @Test
    void scsiHostOfALine() {
        assertEquals("0", DeviceNames.scsiHost("scsi host0: uas_eh_device_reset_handler start"));
        assertEquals("14", DeviceNames.scsiHost("sd 14:0:0:0: tag#16 uas_eh_abort_handler 0 uas-tag 1 inflight: IN"));
        assertEquals("1", DeviceNames.scsiHost("scsi 1:0:0:0: Direct-Access     ASMT     2115"));
        assertEquals(null, DeviceNames.scsiHost("scsi_mod: unknown parameter"));
        assertEquals(null, DeviceNames.scsiHost("usb 2-1: reset SuperSpeed Gen 1 USB device number 2 using xhci_hcd"));
    }
}
