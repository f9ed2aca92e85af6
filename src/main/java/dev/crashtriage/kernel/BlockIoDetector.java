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

    private static final String[] ATA_ERROR_MARKERS = {"exception Emask", "failed command", "hard resetting link",
        "limiting SATA link speed", "limiting speed to", "SATA link down", "error: {", "SError:", "COMRESET failed",
        "link is slow to respond", "softreset failed", "qc timeout", "timeout", "media error", "reset failed",
        "disabled", "failed to IDENTIFY", "revalidation failed"};
    private static final String[] SCSI_ERROR_MARKERS = {"Medium Error", "Unrecovered read error", "FAILED Result",
        "timing out command", "SCSI error", "abort", "ABORT", "Recovery", "rejecting I/O to offline device",
        "Device offlined", "device reset", "bus reset", "host reset", "Unhandled error code", "Unhandled sense code",
        "Hardware Error", "Aborted Command", "Sense Key : 0x", "DRIVER_SENSE", "DRIVER_TIMEOUT", "DID_TIME_OUT",
        "DID_BAD_TARGET", "DID_NO_CONNECT", "DID_ERROR", "DID_ABORT", "DID_RESET"};

    /** Line starts of SCSI and HBA driver messages (at the text's first non-blank). */
    static final String[] SCSI_PREFIXES = {"sd ", "scsi", "(scsi", "mpt", "aic7", "Result:", "Sense Key", "Add. Sense",
        "SCSI error", "megaraid", "qla2xxx", "lpfc", "hpsa", "sr ", "st "};
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
        if (open != null) {
            if (!RecordClock.near(open.last, r, EPISODE_GAP_SECONDS, EPISODE_GAP_LINES)) {
                close(emit);
            } else if (layer != null) {
                open.add(r, t, layer);
                return;
            }
        }
        if (layer != null && layer.error) {
            open = new Episode(r);
            open.add(r, t, layer);
        }
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
        // Block-layer messages say "I/O error" or "critical <kind> error"; these scans rule out most lines.
        if (t.indexOf("I/O error", s) >= 0 || t.indexOf("critical ", s) >= 0) {
            boolean block = t.indexOf("I/O error") >= 0 && (t.indexOf("dev ") >= 0 || t.indexOf("device ") >= 0)
                    || t.indexOf("critical medium error") >= 0 || t.indexOf("critical target error") >= 0
                    || t.indexOf("critical space allocation error") >= 0 || t.indexOf("critical nexus error") >= 0;
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

        Episode(LogRecord first) {
            builder = new IncidentBuilder(IncidentKind.IO_ERROR, first);
            last = first;
        }

        void add(LogRecord r, String t, Layer layer) {
            if (r != last) {
                builder.add(r);
            }
            last = r;
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
                setDriver("libata");
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
            } else if (t.indexOf("soft resetting link") >= 0) {
                action("link reset");
            } else if (t.indexOf("limiting SATA link speed") >= 0) {
                action("link speed limited");
            } else if (t.indexOf("limiting speed to") >= 0) {
                action("transfer mode limited");
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
            String[] drivers = {"mptscsih", "mptbase", "mptsas", "aic7xxx", "aic79xx", "megaraid_sas", "megaraid",
                "qla2xxx", "lpfc", "hpsa", "mpt2sas", "mpt3sas"};
            for (String d : drivers) {
                if (t.startsWith(d, s)) {
                    setDriver(d);
                    break;
                }
            }
            if (t.indexOf("abort") >= 0 || t.indexOf("ABORT") >= 0) {
                action("task abort");
            } else if (t.indexOf("host reset") >= 0) {
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
            String layer = ata ? "ATA" : scsi ? "SCSI" : "I/O";
            String what = media ? "media error" : timeout ? "timeout" : "error";
            builder.title = layer + " " + what + (device != null ? " on " + device : "");
            return builder;
        }
    }
}
