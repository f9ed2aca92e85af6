package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds block-device error episodes: block layer ("blk_update_request: I/O error, dev sda, sector N",
 * "end_request: I/O error", "print_req_error", "critical medium/target error", "Buffer I/O error on device"),
 * libata error handling (exceptions, failed commands, UNC media errors, link resets, speed downgrades, link
 * down) and SCSI (sense data, FAILED results, command timeouts, task aborts and resets by mptscsih, aic7xxx...).
 *
 * <p>One failing request makes every layer speak (ATA, then SCSI, then block, then buffer cache), so all such
 * lines printed within {@value #EPISODE_GAP_SECONDS} s of each other form one episode and one incident; a storm
 * stays one incident whose lines are capped and whose errors are counted.
 *
 * <p>Kind: the lowest layer that reported an error (ata-error, else scsi-error, else io-error). Title:
 * {@code <ATA|SCSI|I/O> <media error|timeout|error> on <device>}.
 */
public final class BlockIoDetector extends EpisodeDetector<BlockIoDetector.Episode> {
    static final double EPISODE_GAP_SECONDS = 2;
    private static final int EPISODE_GAP_LINES = 30;
    /**
     * Error handling on one link or host repeats (libata EH retries with 10-35 s timeouts, SCSI aborts then
     * resets): its errors within this long of the last one continue the same episode.
     */
    static final double EPISODE_CHAIN_SECONDS = 60;
    private static final int EPISODE_CHAIN_LINES = 2000;

    private static final String[] ATA_ERROR_MARKERS = {"exception Emask", "failed command", "hard resetting link",
        "limiting SATA link speed", "limiting speed to", "SATA link down", "error: {", "SError:", "COMRESET failed",
        "link is slow to respond", "softreset failed", "qc timeout", "timeout", "media error", "reset failed",
        "disabled", "failed to IDENTIFY", "revalidation failed"};
    /**
     * The old IDE driver (drivers/ide, "hdb: ..." per drive, "ide0: ..." per channel): ide-dma.c's
     * "%s: dma_timer_expiry: dma status == 0x%02x", ide-io.c's "%s: lost interrupt", the channel reset's
     * "ide0: reset: success" and the status decoder's "{ DriveStatusError BadCRC }".
     */
    private static final String[] IDE_ERROR_MARKERS = {"dma_timer_expiry", "lost interrupt", "reset: ",
        "timeout waiting for DMA", "DMA disabled", "status error", "DriveStatusError"};
    private static final String[] SCSI_ERROR_MARKERS = {"Medium Error", "Unrecovered read error", "FAILED Result",
        "timing out command", "SCSI error", "abort", "ABORT", "Recovery", "rejecting I/O to offline device",
        "Device offlined", "device reset", "bus reset", "host reset", "Unhandled error code", "Unhandled sense code",
        // qla2xxx eh handlers: "Abort command issued nexus=..", "DEVICE/TARGET/BUS/ADAPTER RESET ISSUED nexus=..";
        // megaraid_sas: "resetting fusion adapter scsiN.", "FW in FAULT state", "Diag reset adapter never cleared"
        "Abort command issued", "RESET ISSUED", "resetting fusion adapter", "will reset adapter", "FAULT state",
        "never cleared", "waiting for", "pending commands remain", "reset FAILED", "encountered a fatal error",
        // virtio_scsi's virtscsi_abort(): scmd_printk(KERN_INFO, sc, "abort\n"), "sd 2:0:0:0: [sda] abort" (matched by "abort")
        // aacraid's eh handlers (linit.c): "aacraid: Host adapter abort request.", "Host adapter reset request. SCSI hang ?"
        "Host adapter abort request", "Host adapter reset request", "Host bus reset request",
        "Hardware Error", "Aborted Command", "Sense Key : 0x", "DRIVER_SENSE", "DRIVER_TIMEOUT", "DID_TIME_OUT",
        "DID_BAD_TARGET", "DID_NO_CONNECT", "DID_ERROR", "DID_ABORT", "DID_RESET"};

    /** Block-layer error reports ("blk_update_request: I/O error, dev sda", "critical medium error, dev sdb"). */
    private static final String IO_ERROR = "I/O error";
    private static final String[] CRITICAL_ERRORS = {"critical medium error", "critical target error",
        "critical space allocation error", "critical nexus error"};

    /** Line starts of SCSI and HBA driver messages (at the text's first non-blank). */
    static final String[] SCSI_PREFIXES = {"sd ", "scsi", "(scsi", "mpt", "aic7", "Result:", "Sense Key", "Add. Sense",
        "SCSI error", "megaraid", "megasas", "qla2xxx", "lpfc", "hpsa", "aacraid", "sr ", "st "};
    /** Line starts of storage-detail lines (sense data, CDBs, block-layer reports) that belong to an episode. */
    static final String[] DETAIL_PREFIXES = {"Descriptor sense", "CDB", "Read(", "Write(", "cdb[", "ASC=", "Info fld",
        "buffer_io_error", "lost page write", "end_request", "blk_update_request", "print_req_error"};

    /** First characters of {@link #SCSI_PREFIXES} and {@link #DETAIL_PREFIXES}: derived, never listed by hand. */
    private static final boolean[] LAYER_PREFIX_START = new boolean[128];

    static {
        for (String[] list : new String[][] {SCSI_PREFIXES, DETAIL_PREFIXES}) {
            for (String p : list) {
                LAYER_PREFIX_START[p.charAt(0)] = true;
            }
        }
    }

    private static boolean startsWithAny(String t, int at, String[] prefixes) {
        for (String p : prefixes) {
            if (t.startsWith(p, at)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void acceptKernelLine(LogRecord r, String t, Consumer<IncidentBuilder> emit) {
        Layer layer = classify(t);
        if (layer != null && layer.error && open != null && !open.sameSource(t, layer)) {
            // another link's or host's error handling interleaved (an optical drive beside the disk): the episode
            // of that source continues if one is parked, the current one waits beside it
            Episode other = parkedFor(t, layer, r);
            if (other != null || !RecordClock.near(open.last, r, EPISODE_GAP_SECONDS, EPISODE_GAP_LINES)
                    || DeviceNames.ataLink(t) != null && open.ataPort != null) {
                park(open, emit);
                open = other;
                if (open != null) {
                    parked.remove(open);
                }
            }
        }
        if (open != null) {
            boolean near = RecordClock.near(open.last, r, EPISODE_GAP_SECONDS, EPISODE_GAP_LINES);
            if (!near && layer != null && layer.error && open.handlingErrors() && open.sameSource(t, layer)
                    && RecordClock.near(open.lastError, r, EPISODE_CHAIN_SECONDS, EPISODE_CHAIN_LINES)) {
                near = true; // the next round of error handling on the same link, host or device
            }
            if (near && layer != null) {
                open.add(r, t, layer);
                return;
            }
            if (!near && !RecordClock.near(open.lastError, r, EPISODE_CHAIN_SECONDS, EPISODE_CHAIN_LINES)) {
                close(emit);
            } else if (!near && layer != null && layer.error) {
                park(open, emit); // another device's errors: an episode of its own
                open = null;
            }
        }
        if (layer != null && layer.error) {
            Episode other = parkedFor(t, layer, r);
            if (other != null) {
                parked.remove(other);
                open = other;
            } else {
                open = new Episode(r);
            }
            open.add(r, t, layer);
        }
        if (!parked.isEmpty()) {
            expireParked(r, emit);
        }
    }

    /**
     * Only an error line opens an episode, and {@link #classify} calls a line an error only when it holds one of its
     * layer's error markers: the markers are the wake literals, so the list cannot drift from the checks.
     */
    @Override
    public List<String> wakeLiterals() {
        return WAKE_LITERALS;
    }

    private static final List<String> WAKE_LITERALS = wakeLiteralsOf(ATA_ERROR_MARKERS, IDE_ERROR_MARKERS, SCSI_ERROR_MARKERS,
            CRITICAL_ERRORS, new String[] {IO_ERROR});

    private static List<String> wakeLiteralsOf(String[]... markerLists) {
        List<String> out = new ArrayList<>();
        for (String[] list : markerLists) {
            for (String m : list) {
                if (!out.contains(m)) {
                    out.add(m);
                }
            }
        }
        return List.copyOf(out);
    }

    /** A non-error line changes nothing unless an episode is open or parked beside it. */
    @Override
    public boolean holdsOpenState() {
        return open != null || !parked.isEmpty();
    }

    /** Episodes of other links or hosts still within their chain window while another one is open. */
    private final java.util.List<Episode> parked = new java.util.ArrayList<>(4);
    private static final int MAX_PARKED = 8;

    private Episode parkedFor(String t, Layer layer, LogRecord r) {
        for (Episode e : parked) {
            if (e.handlingErrors() && e.sameSource(t, layer)
                    && RecordClock.near(e.lastError, r, EPISODE_CHAIN_SECONDS, EPISODE_CHAIN_LINES)) {
                return e;
            }
        }
        return null;
    }

    private void park(Episode e, Consumer<IncidentBuilder> emit) {
        if (e == null) {
            return;
        }
        if (parked.size() >= MAX_PARKED) {
            emit.accept(parked.remove(0).finish());
        }
        parked.add(e);
    }

    private void expireParked(LogRecord r, Consumer<IncidentBuilder> emit) {
        for (java.util.Iterator<Episode> it = parked.iterator(); it.hasNext(); ) {
            Episode e = it.next();
            if (!RecordClock.near(e.lastError, r, EPISODE_CHAIN_SECONDS, EPISODE_CHAIN_LINES)) {
                it.remove();
                emit.accept(e.finish());
            }
        }
    }

    @Override
    protected void onFinish(Consumer<IncidentBuilder> emit) {
        for (Episode e : parked) {
            emit.accept(e.finish());
        }
        parked.clear();
    }

    /** Which layer a line comes from and whether it reports an error; null for lines of no storage layer. */
    enum Layer {
        ATA(true), ATA_INFO(false), SCSI(true), SCSI_INFO(false), BLOCK(true), INFO(false);

        final boolean error;

        Layer(boolean error) {
            this.error = error;
        }
    }

    static Layer classify(String t) {
        int s = TextScan.skipBlanks(t);
        if (t.length() <= s) {
            return null;
        }
        char c = t.charAt(s);
        if (c == 'a' && t.startsWith("ata", s) && t.length() > s + 3 && Character.isDigit(t.charAt(s + 3))) {
            return containsAny(t, ATA_ERROR_MARKERS) ? Layer.ATA : Layer.ATA_INFO;
        }
        if (isIde(t, s)) {
            return containsAny(t, IDE_ERROR_MARKERS) ? Layer.ATA : Layer.ATA_INFO;
        }
        // Block-layer messages say "I/O error" or "critical <kind> error"; these scans rule out most lines.
        if (t.indexOf("I/O error", s) >= 0 || t.indexOf("critical ", s) >= 0) {
            boolean block = t.indexOf(IO_ERROR) >= 0 && (t.indexOf("dev ") >= 0 || t.indexOf("device ") >= 0)
                    || containsAny(t, CRITICAL_ERRORS);
            if (block) {
                boolean fs = t.startsWith("EXT", s) || t.startsWith("XFS", s) || t.startsWith("BTRFS", s);
                return fs ? null : Layer.BLOCK;
            }
        }
        if (s == 0 && (c >= LAYER_PREFIX_START.length || !LAYER_PREFIX_START[c])) {
            // no SCSI or storage-detail prefix starts with this character: skip the startsWith chain below
            return null;
        }
        if (startsWithAny(t, s, SCSI_PREFIXES)) {
            return containsAny(t, SCSI_ERROR_MARKERS) ? Layer.SCSI : Layer.SCSI_INFO;
        }
        // s == 0 here unless the line is indented (then it is detail anyway)
        if (c == ' ' || c == '\t' || s > 0 || startsWithAny(t, 0, DETAIL_PREFIXES)) {
            return Layer.INFO;
        }
        return null;
    }

    /** An IDE drive's or channel's line: "hdb: ..." or "ide0: ...". */
    static boolean isIde(String t, int s) {
        int n = t.length();
        if (t.startsWith("hd", s) && n > s + 3 && t.charAt(s + 2) >= 'a' && t.charAt(s + 2) <= 'z' && t.charAt(s + 3) == ':') {
            return true;
        }
        int i = s + 3;
        if (!t.startsWith("ide", s)) {
            return false;
        }
        while (i < n && Character.isDigit(t.charAt(i))) {
            i++;
        }
        return i > s + 3 && i < n && t.charAt(i) == ':';
    }

    private static boolean containsAny(String t, String[] needles) {
        for (String n : needles) {
            if (t.indexOf(n) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** One burst of storage error lines. */
    static final class Episode implements EpisodeDetector.Episode {
        final IncidentBuilder builder;
        LogRecord last;
        boolean ata;
        boolean scsi;
        String blockDevice;
        String scsiDevice;
        String bufferDevice;
        String ataPort;
        Long sector;
        boolean media;
        boolean timeout;
        String driver;
        final List<String> actions = new ArrayList<>();
        long ioErrors;

        LogRecord lastError;
        long linkResets;
        String linkSpeed;
        String transferMode;
        long aborts;
        long resets;
        /**
         * The driver's error handler waits for the commands still outstanding before it resets (megaraid_sas:
         * "waiting for %d commands to complete", then "pending commands remain after waiting, will reset adapter").
         */
        boolean draining;
        /** Rounds of error handling: a new one starts with an error line after a pause in the errors. */
        long rounds = 1;
        boolean removable;
        boolean hotplug;
        /** A command failed ("failed command: .."): DevExch then means a flaky link, not a device plugged in. */
        boolean failedCommand;
        /** Devices named in the episode's lines, in first-seen order (block devices, ATA links, SCSI addresses). */
        final java.util.LinkedHashSet<String> devices = new java.util.LinkedHashSet<>();

        Episode(LogRecord first) {
            builder = new IncidentBuilder(IncidentKind.IO_ERROR, first);
            last = first;
            lastError = first;
        }

        /**
         * Error handling is at work on this episode's link, host or device: libata resets the link or limits its
         * speed or transfer mode, the SCSI error handler aborts commands or resets, commands time out, or the same
         * device reports media errors again. Its next rounds, up to {@value #EPISODE_CHAIN_SECONDS} s apart, belong
         * to this episode: one event, one incident with its counts.
         */
        boolean handlingErrors() {
            return transferMode != null || linkSpeed != null || linkResets > 0 || aborts > 0 || resets > 0 || media
                    || timeout || draining;
        }

        /** True when an error line comes from the link, host or device this episode is about. */
        boolean sameSource(String t, Layer layer) {
            String port = layer == Layer.ATA ? DeviceNames.ataLink(t) : null;
            if (port != null && ataPort != null) {
                return port.equals(DeviceNames.ataLink(ataPort));
            }
            String dev = DeviceNames.blockDevice(t);
            if (dev != null && (dev.equals(blockDevice) || dev.equals(scsiDevice) || dev.equals(bufferDevice))) {
                return true;
            }
            if (layer == Layer.SCSI && driver != null && !"libata".equals(driver)) {
                return t.startsWith(driver, TextScan.skipBlanks(t));
            }
            return false;
        }

        void add(LogRecord r, String t, Layer layer) {
            if (r != last) {
                builder.add(r);
            }
            last = r;
            if (layer.error) {
                if (lastError != r && !RecordClock.near(lastError, r, EPISODE_GAP_SECONDS, EPISODE_GAP_LINES)) {
                    rounds++;
                }
                lastError = r;
            }
            DeviceNames.addDevices(t, devices);
            if (t.indexOf("CD-ROM") >= 0 || t.indexOf("ATAPI") >= 0 || t.indexOf(" cmd a0/") >= 0
                    || t.indexOf("(cmd 0xa0)") >= 0) {
                removable = true; // ATA PACKET (0xa0) commands go to optical drives
            }
            if (t.indexOf("failed command") >= 0) {
                failedCommand = true;
            }
            if (t.indexOf("DevExch") >= 0 || t.indexOf("connection status changed") >= 0
                    || t.indexOf("hot plug") >= 0 || t.indexOf("hotplug") >= 0) {
                hotplug = true;
            }
            switch (layer) {
                case ATA, ATA_INFO -> readAta(t, layer == Layer.ATA);
                case SCSI, SCSI_INFO -> readScsi(t, layer == Layer.SCSI);
                case BLOCK -> readBlock(t);
                default -> {
                }
            }
            if (t.indexOf("media error") >= 0 || t.indexOf("Medium Error") >= 0 || t.indexOf("{ UNC") >= 0
                    || t.indexOf(" UNC ") >= 0 || t.indexOf("Unrecovered read error") >= 0) {
                media = true;
            }
            if (t.indexOf("timeout") >= 0 || t.indexOf("timed out") >= 0 || t.indexOf("timing out command") >= 0
                    || t.indexOf("DID_TIME_OUT") >= 0 || t.indexOf("DRIVER_TIMEOUT") >= 0) {
                timeout = true;
            }
        }

        private void readAta(String t, boolean error) {
            if (error) {
                ata = true;
                setDriver(isIde(t, TextScan.skipBlanks(t)) ? "ide" : "libata");
            }
            if (ataPort == null && error) {
                int s = TextScan.skipBlanks(t);
                int colon = t.indexOf(':', s);
                if (colon > s) {
                    ataPort = t.substring(s, colon);
                }
            }
            if (t.indexOf("hard resetting link") >= 0) {
                action("link reset");
                linkResets++;
            } else if (t.indexOf("soft resetting link") >= 0 || t.indexOf(": reset: ") >= 0) {
                action("link reset");
                linkResets++;
            } else if (t.indexOf("limiting SATA link speed") >= 0) {
                // libata sata_down_spd_limit(): "limiting SATA link speed to %s"
                action("link speed limited");
                int i = t.indexOf("speed to ");
                if (i > 0) {
                    linkSpeed = t.substring(i + "speed to ".length()).strip();
                }
            } else if (t.indexOf("limiting speed to") >= 0) {
                // ata_down_xfermask_limit(): "limiting speed to %s"
                action("transfer mode limited");
                transferMode = modeAfter(t, "limiting speed to ");
            } else if (t.indexOf("configured for ") >= 0 && transferMode != null) {
                // ata_dev_set_mode() after the downgrade: "configured for PIO0"
                transferMode = modeAfter(t, "configured for ");
            } else if (t.indexOf("SATA link down") >= 0) {
                action("link down");
            } else if (t.indexOf(" disabled") >= 0) {
                action("device disabled");
            }
        }

        private void readScsi(String t, boolean error) {
            if (error) {
                scsi = true;
            }
            int s = TextScan.skipBlanks(t);
            if (scsiDevice == null) {
                int open = t.indexOf("[sd");
                if (open < 0) {
                    open = t.indexOf("[sr");
                }
                if (open >= 0) {
                    int close = t.indexOf(']', open);
                    if (close > open) {
                        scsiDevice = t.substring(open + 1, close);
                    }
                }
            }
            String[] drivers = {"mptscsih", "mptbase", "mptsas", "aic7xxx", "aic79xx", "megaraid_sas", "megasas", "megaraid",
                "qla2xxx", "lpfc", "hpsa", "mpt2sas", "mpt3sas", "aacraid"};
            for (String d : drivers) {
                if (t.startsWith(d, s)) {
                    setDriver(d);
                    break;
                }
            }
            if (t.indexOf("attempting task abort") >= 0 || t.indexOf("Abort command issued") >= 0
                    || t.indexOf("Host adapter abort request") >= 0 || t.endsWith("] abort")
                    || t.indexOf("task abort called") >= 0 || t.indexOf("aborting command") >= 0
                    || t.indexOf("abort scheduled") >= 0) {
                aborts++;
            }
            if (t.indexOf("RESET ISSUED") >= 0 || t.indexOf("resetting fusion adapter") >= 0
                    || t.indexOf("attempting target reset") >= 0 || t.indexOf("attempting bus reset") >= 0
                    || t.indexOf("attempting host reset") >= 0 || t.indexOf("attempting device reset") >= 0
                    || t.indexOf("target reset called") >= 0 || t.indexOf("Host adapter reset request") >= 0
                    || t.indexOf("Host bus reset request") >= 0) {
                resets++;
            }
            if (t.indexOf("commands to complete") >= 0 || t.indexOf("pending commands remain") >= 0) {
                draining = true;
            }
            if (t.indexOf("resetting fusion adapter") >= 0 || t.indexOf("ADAPTER RESET ISSUED") >= 0) {
                action("adapter reset");
            } else if (t.indexOf("abort") >= 0 || t.indexOf("ABORT") >= 0 || t.indexOf("Abort command") >= 0) {
                action("task abort");
            } else if (t.indexOf("BUS RESET ISSUED") >= 0) {
                action("bus reset");
            } else if (t.indexOf("RESET ISSUED") >= 0) {
                action("device reset");
            } else if (t.indexOf("host reset") >= 0 || t.indexOf("adapter reset request") >= 0) {
                action("host reset");
            } else if (t.indexOf("bus reset") >= 0) {
                action("bus reset");
            } else if (t.indexOf("device reset") >= 0) {
                action("device reset");
            } else if (t.indexOf("Device offlined") >= 0 || t.indexOf("offline device") >= 0) {
                action("device offlined");
            }
        }

        private void readBlock(String t) {
            ioErrors++;
            if (t.indexOf("Buffer I/O error") >= 0) {
                if (bufferDevice == null) {
                    bufferDevice = TextScan.tokenAfter(t, t.indexOf("on device ") >= 0 ? "on device " : "on dev ", ",");
                }
                return;
            }
            if (blockDevice == null) {
                blockDevice = TextScan.tokenAfter(t, "dev ", ",");
            }
            if (sector == null) {
                long n = TextScan.numberAfter(t, "sector ");
                if (n >= 0) {
                    sector = n;
                }
            }
            if (t.indexOf("critical medium error") >= 0) {
                media = true;
            }
        }

        /** The mode token after the phrase ("PIO0", "UDMA/33"; of "UDMA/100:PIO4" the part before ':'). */
        private static String modeAfter(String t, String phrase) {
            String tok = TextScan.tokenAfter(t, phrase, ",");
            if (tok == null) {
                return null;
            }
            int colon = tok.indexOf(':');
            return colon > 0 ? tok.substring(0, colon) : tok;
        }

        private void setDriver(String d) {
            if (driver == null) {
                driver = d;
            }
        }

        private void action(String a) {
            if (!actions.contains(a) && actions.size() < 8) {
                actions.add(a);
            }
        }

        @Override
        public IncidentBuilder finish() {
            builder.kind = ata ? IncidentKind.ATA_ERROR : scsi ? IncidentKind.SCSI_ERROR : IncidentKind.IO_ERROR;
            String device = blockDevice != null ? blockDevice : scsiDevice != null ? scsiDevice
                    : bufferDevice != null ? bufferDevice : ataPort;
            FactMap f = builder.facts;
            f.put(Facts.DEVICE, device);
            f.put(Facts.ATA_PORT, ataPort);
            f.put(Facts.SECTOR, sector);
            f.flag(Facts.MEDIA_ERROR, media);
            f.flag(Facts.TIMEOUT, timeout);
            f.put(Facts.DRIVER, driver);
            if (!actions.isEmpty()) {
                f.put(Facts.ACTION, String.join(",", actions));
            }
            f.put(Facts.IO_ERRORS, ioErrors);
            if (linkResets > 0) {
                f.put(Facts.LINK_RESETS, linkResets);
            }
            f.put(Facts.LINK_SPEED, linkSpeed);
            f.put(Facts.TRANSFER_MODE, transferMode);
            if (aborts > 0) {
                f.put(Facts.ABORTS, aborts);
            }
            if (resets > 0) {
                f.put(Facts.RESETS, resets);
            }
            if (rounds > 1) {
                f.put(Facts.ROUNDS, rounds);
            }
            if (device != null && DeviceNames.isRemovable(device)) {
                removable = true;
            }
            f.flag(Facts.REMOVABLE, removable);
            hotplug &= !failedCommand && ioErrors == 0;
            f.flag(Facts.HOTPLUG, hotplug);
            if (device != null) {
                devices.add(device);
            }
            if (!devices.isEmpty()) {
                f.put(Facts.DEVICES, List.copyOf(devices));
            }
            String layer = ata ? "ATA" : scsi ? "SCSI" : "I/O";
            String what = media ? "media error" : timeout ? "timeout" : aborts > 0 ? "task abort" : resets > 0 ? "reset" : "error";
            builder.title = layer + " " + what + (device != null ? " on " + device
                    : driver != null && !"libata".equals(driver) ? " (" + driver + ")" : "")
                    + (removable ? " (removable media)" : hotplug ? " (hot-plug)" : "");
            return builder;
        }
    }
}
