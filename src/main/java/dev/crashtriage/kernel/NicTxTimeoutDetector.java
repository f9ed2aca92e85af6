package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.List;
import java.util.function.Consumer;

/**
 * Finds network transmit timeouts: the core watchdog ("NETDEV WATCHDOG: eth0 (tg3): transmit queue 0 timed
 * out", also the 6.x "r8125 0000:22:04.0 eth4: NETDEV WATCHDOG: CPU: 3: transmit queue 0 timed out 5010 ms"),
 * drivers' own "transmit timed out, resetting" (2.4 tg3 and others) and Intel's "Detected Hardware Unit Hang" /
 * "Detected Tx Unit Hang", with the register dumps the drivers print right after (kept in the incident;
 * registers_all_ones=1 when a dump reads 0xffffffff everywhere: the device no longer answers on the bus).
 * Repeats on the same interface within {@value #EPISODE_GAP_SECONDS} s are one episode, counted in "timeouts".
 *
 * <p>Title: {@code NIC transmit timeout on <iface> (<driver>)} or {@code NIC hardware unit hang on <iface>
 * (<driver>)}; the interface or driver is left out when the log does not name it.
 */
public final class NicTxTimeoutDetector extends EpisodeDetector<NicTxTimeoutDetector.Episode> {
    static final double EPISODE_GAP_SECONDS = 30;
    private static final double DUMP_GAP_SECONDS = 2;


    @Override
    protected void acceptKernelLine(LogRecord r, String t, Consumer<IncidentBuilder> emit) {
        Marker m = parse(t);
        if (open != null) {
            boolean nearEpisode = RecordClock.near(open.last, r, EPISODE_GAP_SECONDS, 200);
            if (m != null) {
                if (nearEpisode && open.sameNic(m)) {
                    open.addMarker(r, m);
                    return;
                }
                close(emit);
            } else if (RecordClock.near(open.last, r, DUMP_GAP_SECONDS, 40) && open.isDumpLine(t)) {
                open.addDump(r, t);
                return;
            } else if (!nearEpisode) {
                close(emit);
            }
        }
        if (m != null) {
            open = new Episode(r, m);
        }
    }


    /** A line that reports a transmit timeout, a unit hang or a NIC gone from its bus, with what it names. */
    record Marker(String iface, String driver, Integer queue, boolean hang, boolean linkLost) {
        Marker(String iface, String driver, Integer queue, boolean hang) {
            this(iface, driver, queue, hang, false);
        }
    }

    private static final String WATCHDOG = "NETDEV WATCHDOG: ";
    private static final String TX_TIMED_OUT = "transmit timed out";
    private static final String LINK_LOST = "PCIe link lost";
    private static final String ADAPTER_REMOVED = "Adapter removed";
    private static final String UNIT_HANG = " Unit Hang";
    private static final String VIRTIO_BUS_NAME = "virtio";

    /** {@link #parse} finds a marker only on a line holding one of these; other lines only feed an open episode. */
    @Override
    public List<String> wakeLiterals() {
        return List.of(WATCHDOG, TX_TIMED_OUT, LINK_LOST, ADAPTER_REMOVED, UNIT_HANG);
    }

    @Override
    public boolean holdsOpenState() {
        return open != null;
    }

    static Marker parse(String t) {
        int w = t.indexOf(WATCHDOG);
        if (w >= 0) {
            String rest = t.substring(w + WATCHDOG.length());
            Integer queue = queue(t);
            if (rest.startsWith("CPU")) {
                // 6.x form: the device is named by the dev_printk prefix before the marker.
                String[] p = prefix(t.substring(0, w));
                return new Marker(p[1], p[0], queue, false);
            }
            int end = 0;
            while (end < rest.length() && rest.charAt(end) != ' ' && rest.charAt(end) != ':') {
                end++;
            }
            String iface = end > 0 ? rest.substring(0, end) : null;
            String driver = null;
            int open = rest.indexOf('(');
            int close = rest.indexOf(')');
            if (open >= 0 && close > open && open <= end + 1) {
                driver = rest.substring(open + 1, close);
            }
            return new Marker(iface, driver, queue, false);
        }
        int i = t.indexOf(TX_TIMED_OUT);
        boolean hang = false;
        boolean linkLost = false;
        if (i < 0) {
            // igb_rd32()/igc_rd32(): netdev_err(.., "PCIe link lost") ("PCIe link lost, device now detached" in igc);
            // ixgbe_remove_adapter(): e_dev_err("Adapter removed"); both after a register read of all ones
            int l = t.indexOf(LINK_LOST);
            if (l < 0) {
                l = t.indexOf(ADAPTER_REMOVED);
            }
            if (l > 0) {
                i = l;
                linkLost = true;
            }
        }
        if (i < 0) {
            // "Detected Hardware Unit Hang" (e1000/e1000e) and "Detected Tx Unit Hang" (igb, ixgbe): one scan
            int u = t.indexOf(UNIT_HANG);
            if (u >= 0) {
                i = t.lastIndexOf("Detected ", u);
            }
            hang = i >= 0;
        }
        if (i < 0 || t.indexOf("ata") == 0) {
            return null;
        }
        // drivers always print "<driver>: <if>: ", "<if>: " or "<bus id>: " right before the message; prose that
        // merely quotes it (a README, a mail) does not
        String before = t.substring(0, i).trim();
        if (!before.endsWith(":")) {
            return null;
        }
        String[] p = prefix(before);
        if (p[0] == null && p[1] == null) {
            return null;
        }
        return new Marker(p[1], p[0], queue(t), hang, linkLost);
    }

    private static Integer queue(String t) {
        long q = TextScan.numberAfter(t, "transmit queue ");
        return q >= 0 ? (int) q : null;
    }

    /**
     * Reads {driver, interface} from what precedes the message: "tg3: eth0: ", "eth0: ",
     * "e1000e 0000:00:19.0 eth0: ", "igb 0000:09:00.0: ", "e1000: eth0: e1000_clean_tx_irq: ". Read from the end,
     * so that anything in front (an unparsed syslog header) does not matter; trailing function names (with '_')
     * are skipped.
     */
    static String[] prefix(String p) {
        String[] tokens = p.trim().split("\\s+");
        int n = tokens.length;
        while (n > 0 && (clean(tokens[n - 1]).isEmpty() || clean(tokens[n - 1]).indexOf('_') >= 0)) {
            n--;
        }
        if (n == 0) {
            return new String[] {null, null};
        }
        String last = clean(tokens[n - 1]);
        if (isBusAddress(last)) {
            return new String[] {n >= 2 ? clean(tokens[n - 2]) : null, null};
        }
        if (n == 1) {
            return new String[] {null, last};
        }
        String before = clean(tokens[n - 2]);
        if (isBusAddress(before)) {
            return new String[] {n >= 3 ? clean(tokens[n - 3]) : null, last};
        }
        return new String[] {before, last};
    }

    private static String clean(String tok) {
        return tok.endsWith(":") ? tok.substring(0, tok.length() - 1) : tok;
    }

    /**
     * dev_printk names the device by bus address: "0000:00:19.0" (PCI), "1e100000.ethernet" (platform), or by the
     * virtio bus's own name, "virtio0" (register_virtio_device(): dev_set_name(.., "virtio%u", index)), which in
     * "virtio_net virtio0 enp0s1: " sits between the driver and the interface.
     */
    private static boolean isBusAddress(String s) {
        if (s.indexOf(':') > 0 && s.indexOf('.') > 0) {
            return true;
        }
        if (s.length() > VIRTIO_BUS_NAME.length() && s.startsWith(VIRTIO_BUS_NAME)) {
            for (int i = VIRTIO_BUS_NAME.length(); i < s.length(); i++) {
                if (!Character.isDigit(s.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
        int dot = s.indexOf('.');
        if (dot < 4) {
            return false;
        }
        for (int i = 0; i < dot; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** One run of timeouts on one NIC. */
    static final class Episode implements EpisodeDetector.Episode {
        final IncidentBuilder builder;
        LogRecord last;
        String iface;
        String driver;
        Integer queue;
        final boolean hangFirst;
        /** Dump rows "0x%08x: v, v, v, v" seen, and those that read 0xffffffff throughout. */
        int dumpRows;
        int allOnesRows;
        /** Registers that cannot read all ones on a live device did (see {@link #meansDeviceGone}). */
        boolean deviceGone;
        boolean linkLost;
        boolean resetFailed;
        long timeouts;

        Episode(LogRecord first, Marker m) {
            builder = new IncidentBuilder(IncidentKind.NIC_TX_TIMEOUT, first);
            last = first;
            hangFirst = m.hang();
            take(m);
        }

        boolean sameNic(Marker m) {
            if (iface != null && m.iface() != null) {
                return iface.equals(m.iface());
            }
            return driver != null && driver.equals(m.driver());
        }

        void addMarker(LogRecord r, Marker m) {
            builder.add(r);
            last = r;
            take(m);
        }

        private void take(Marker m) {
            if (m.linkLost()) {
                linkLost = true;
            } else {
                timeouts++;
            }
            if (iface == null) {
                iface = m.iface();
            }
            if (driver == null) {
                driver = m.driver();
            }
            if (queue == null) {
                queue = m.queue();
            }
        }

        /** Register dumps: indented "TDH <13>" rows, driver-prefixed rows, "0x..: 0x.., 0x.." rows; not frames. */
        boolean isDumpLine(String t) {
            if (t.indexOf("+0x") >= 0 || t.isEmpty()) {
                return false;
            }
            char c = t.charAt(0);
            return c == ' ' || c == '\t' || t.startsWith("buffer_info") || t.startsWith("MAC Status")
                    || t.startsWith("PHY ") || t.startsWith("PCI Status") || t.startsWith("Tx Queue")
                    || (driver != null && t.startsWith(driver)) || (iface != null && t.startsWith(iface + ":"));
        }

        void addDump(LogRecord r, String t) {
            builder.add(r);
            last = r;
            if (queue == null && t.indexOf("Tx Queue") >= 0) {
                int lt = t.indexOf('<');
                if (lt > 0) {
                    long q = TextScan.digitsAt(t, lt + 1);
                    queue = q >= 0 ? (int) q : null;
                }
            }
            if (isResetFailure(t)) {
                resetFailed = true;
            }
            if (t.indexOf("0x") >= 0 && t.indexOf(": 0x") > 0 && isDumpRow(t)) {
                dumpRows++;
                if (readsAllOnes(t)) {
                    allOnesRows++;
                    if (t.indexOf("0x00000000: ") >= 0) {
                        deviceGone = true; // the PCI ID registers at offset 0 read all ones only off the bus
                    }
                }
            } else if (meansDeviceGone(t)) {
                deviceGone = true;
            }
        }

        /** The whole dump reads all ones: at least 3 rows, nine in ten of them all ones. */
        private boolean dumpAllOnes() {
            return deviceGone || (dumpRows >= 3 && allOnesRows * 10 >= dumpRows * 9);
        }

        @Override
        public IncidentBuilder finish() {
            FactMap f = builder.facts;
            f.put(Facts.INTERFACE, iface);
            if (iface != null) {
                f.put(Facts.DEVICES, java.util.List.of(iface));
            }
            f.put(Facts.DRIVER, driver);
            f.put(Facts.QUEUE, queue);
            if (timeouts > 0) {
                f.put(Facts.TIMEOUTS, timeouts);
            }
            if (dumpAllOnes()) {
                f.put(Facts.REGISTERS_ALL_ONES, 1);
            }
            if (linkLost) {
                f.put(Facts.LINK_LOST, 1);
            }
            if (resetFailed) {
                f.put(Facts.RESET_FAILED, 1);
            }
            builder.kind = timeouts > 0 ? IncidentKind.NIC_TX_TIMEOUT : IncidentKind.NIC_ERROR;
            StringBuilder s = new StringBuilder(timeouts == 0 ? "NIC fell off the bus" : hangFirst ? "NIC hardware unit hang"
                    : "NIC transmit timeout");
            if (iface != null) {
                s.append(" on ").append(iface);
            }
            if (driver != null) {
                s.append(" (").append(driver).append(')');
            }
            builder.title = s.toString();
            return builder;
        }
    }

    /** tg3_dump_state()'s rows: "0x%08x: 0x%08x, 0x%08x, 0x%08x, 0x%08x" (offset, four registers). */
    static boolean isDumpRow(String t) {
        int i = t.indexOf("0x");
        return i >= 0 && t.startsWith(": 0x", i + 10) && t.indexOf(", 0x", i) > 0;
    }

    /**
     * Named registers that read 0xffffffff only when the device no longer answers: tg3's MAC_TX_STATUS /
     * MAC_RX_STATUS / RDMAC_STATUS / WDMAC_STATUS debug prints and tg3_abort_hw()'s MAC_TX_MODE, and tg3's own
     * "PCI channel ERROR!" (6.7+, printed instead of a dump of registers that would all read 0xffff...). An
     * all-ones row elsewhere is not enough: the multicast hash (MAC_HASH_REG_0..3, 0x470-0x47c) is all ones in
     * ALLMULTI or promiscuous mode on a healthy NIC.
     */
    static boolean meansDeviceGone(String t) {
        return t.indexOf("STATUS[ffffffff]") >= 0 || t.indexOf("MAC_TX_MODE=ffffffff") >= 0
                || t.indexOf("PCI channel ERROR!") >= 0;
    }

    /** The driver's reset of the NIC did not take (tg3's abort/stop-block timeouts, a firmware that stopped). */
    static boolean isResetFailure(String t) {
        return t.indexOf("tg3_abort_hw timed out") >= 0 || t.indexOf("tg3_stop_block timed out") >= 0
                || t.indexOf("No firmware running") >= 0 || t.indexOf("reset failed") >= 0
                || t.indexOf("Reset failed") >= 0 || t.indexOf("failed to reset") >= 0;
    }

    /** True when a dump row has at least two register values and every one reads 0xffffffff. */
    static boolean readsAllOnes(String t) {
        int values = 0;
        int i = 0;
        while ((i = t.indexOf("0x", i)) >= 0) {
            int j = i + 2;
            while (j < t.length() && Character.digit(t.charAt(j), 16) >= 0) {
                j++;
            }
            boolean offset = j < t.length() && t.charAt(j) == ':';
            if (!offset) {
                if (!t.regionMatches(true, i, "0xffffffff", 0, 10) || j - i != 10) {
                    return false;
                }
                values++;
            }
            i = j;
        }
        return values >= 2;
    }
}
