package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class NicTxTimeoutDetectorTest {

    @Test
    void tg3ResetWithStopBlockLinesOf24Era() {
        Extraction e = EventTestLogs.extract("tg3-2.4-B4.log", new NicTxTimeoutDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals(IncidentKind.NIC_TX_TIMEOUT, i.kind());
        assertEquals("NIC transmit timeout on eth0 (tg3)", i.title());
        assertEquals("eth0", i.facts().get("interface"));
        assertEquals("tg3", i.facts().get("driver"));
        assertNull(i.facts().get("queue"));
        assertEquals(2, i.line());
        assertEquals(6, i.endLine(), "the tg3_stop_block lines are the driver's own follow-up");
    }

    @Test
    void e1000eHangsTwoSecondsApartAreOneEpisodeWithTheirDumps() {
        Extraction e = EventTestLogs.extract("nic-e1000e-hang.log", new NicTxTimeoutDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals("NIC hardware unit hang on eth0 (e1000e)", i.title());
        assertEquals(2L, i.facts().get("timeouts"));
        assertEquals(30, i.endLine());
        assertNull(i.facts().get("registers_all_ones"));
    }

    @Test
    void watchdogLineInsideAWarning() {
        Extraction e = EventTestLogs.extract("nic-watchdog-ftgmac100.log", new NicTxTimeoutDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals("NIC transmit timeout on eth0 (ftgmac100)", i.title());
        assertEquals(0, i.facts().get("queue"));
        assertEquals(4, i.line());
        assertEquals(4, i.endLine(), "the WARNING's stack is the crash detector's, not a register dump");
    }

    @Test
    void newWatchdogFormatAndTwoInterfaces() {
        Extraction e = EventTestLogs.extract("nic-watchdog-r8125-6.x.log", new NicTxTimeoutDetector());
        List<Incident> found = e.incidents();
        assertEquals(4, found.size(), "hours apart, or another interface: separate incidents");
        Incident first = found.get(0);
        assertEquals("NIC transmit timeout on eth4 (r8125)", first.title());
        assertEquals(0, first.facts().get("queue"));
        assertEquals(3, first.endLine());
        assertEquals("eth1", found.get(1).facts().get("interface"));
        assertEquals("eth4", found.get(2).facts().get("interface"));
    }

    @Test
    void aVirtioNicIsNamedByItsDriverNotByItsVirtioBusName() {
        // "virtio_net virtio0 enp0s1: ": driver, virtio bus device, interface
        Extraction e = EventTestLogs.extract("nic-watchdog-virtio-net-6.x.log", new NicTxTimeoutDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals("NIC transmit timeout on enp0s1 (virtio_net)", i.title());
        assertEquals("virtio_net", i.facts().get("driver"));
        assertEquals("enp0s1", i.facts().get("interface"));
    }

    @Test
    void platformDeviceRepeatedTimeouts() {
        Extraction e = EventTestLogs.extract("nic-mtk-soc-eth.log", new NicTxTimeoutDetector());
        assertEquals(1, e.incidents().size());
        Incident i = e.incidents().get(0);
        assertEquals("NIC transmit timeout on eth0 (mtk_soc_eth)", i.title());
        assertEquals(3L, i.facts().get("timeouts"));
        assertEquals(12, i.endLine());
    }

    @Test
    void ordinaryRegisterRowsAreNotAllOnes() {
        assertFalse(NicTxTimeoutDetector.readsAllOnes("mtk_soc_eth 1e100000.ethernet eth0: dma_cfg:80000065"));
        assertFalse(NicTxTimeoutDetector.readsAllOnes("  TDH                  <13>"));
    }

    @Test
    void proseQuotingTheMessageIsNotATimeout() {
        // a folder of logs often holds notes too: this is the examples README's own table row, and a mail quote
        IncidentExtractor x = new IncidentExtractor(List.of(new NicTxTimeoutDetector()));
        x.accept(EventTestLogs.parse("README.md", 1,
                "| `tg3-transmit-timeout.log` | tg3 \"transmit timed out, resetting\" (2.4.21) | LKML, Felix von Leitner |"));
        x.accept(EventTestLogs.parse("mail.txt", 2, "> we see \"tg3 transmit timed out\" once an hour on both ports"));
        assertEquals(0, x.finish().incidents().size());
    }

    @Test
    void aNicThatLostItsPcieLinkIsANicError() {
        Extraction e = EventTestLogs.extract("nic-link-lost-igb-ixgbe.log", new NicTxTimeoutDetector());
        assertEquals(2, e.incidents().size(), e.incidents()::toString);
        Incident igb = e.incidents().get(0);
        assertEquals(IncidentKind.NIC_ERROR, igb.kind());
        assertEquals("NIC fell off the bus on enp3s0 (igb)", igb.title());
        assertEquals(1, igb.fact(Facts.LINK_LOST));
        assertNull(igb.fact(Facts.TIMEOUTS), "no transmit timeout was reported");
        Incident ixgbe = e.incidents().get(1);
        assertEquals("ixgbe", ixgbe.fact(Facts.DRIVER));
        assertEquals(1, ixgbe.fact(Facts.LINK_LOST));
    }

    @Test
    void aFailedTg3ResetIsMarked() {
        Extraction e = EventTestLogs.extract("tg3-2.4-B4.log", new NicTxTimeoutDetector());
        assertEquals(1, e.incidents().get(0).fact(Facts.RESET_FAILED), "tg3_stop_block timed out: the reset did not take");
    }

    /** tg3_dump_state()'s row format "0x%08x: 0x%08x, 0x%08x, 0x%08x, 0x%08x" (tg3.c); values constructed. */
    private static Incident tg3Dump(String... rows) {
        IncidentExtractor x = new IncidentExtractor(List.of(new NicTxTimeoutDetector()));
        x.accept(EventTestLogs.parse("t", 1, "[ 100.000000] tg3 0000:03:00.0 eth0: transmit timed out, resetting"));
        for (int i = 0; i < rows.length; i++) {
            x.accept(EventTestLogs.parse("t", i + 2, "[ 100.000100] tg3 0000:03:00.0 eth0: " + rows[i]));
        }
        return x.finish().incidents().get(0);
    }

    @Test
    void anAllOnesMulticastHashIsNoDeadNic() {
        // MAC_HASH_REG_0..3 (0x470-0x47c) read all ones in ALLMULTI or promiscuous mode on a healthy NIC
        Incident healthy = tg3Dump("0x00000000: 0x165914e4, 0x00100406, 0x02000001, 0x00800010",
                "0x00000400: 0x08e04808, 0x00400000, 0x00000000, 0x00000800",
                "0x00000470: 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff",
                "0x00000480: 0x00000001, 0x00000000, 0x00000000, 0x00000000");
        assertNull(healthy.fact(Facts.REGISTERS_ALL_ONES));
        Incident gone = tg3Dump("0x00000000: 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff",
                "0x00000400: 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff",
                "0x00000470: 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff");
        assertEquals(1, gone.fact(Facts.REGISTERS_ALL_ONES), "the PCI ID registers at offset 0 read all ones only off the bus");
        Incident abort = tg3Dump("tg3_abort_hw timed out, TX_MODE_ENABLE will not clear MAC_TX_MODE=ffffffff");
        assertEquals(1, abort.fact(Facts.REGISTERS_ALL_ONES));
        assertEquals(1, abort.fact(Facts.RESET_FAILED));
    }
}
