package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.List;
import java.util.function.Consumer;

/**
 * Finds filesystem trouble: ext2/3/4 errors, journal aborts (jbd/jbd2) and read-only remounts, journal
 * recovery and "running e2fsck is recommended" at mount, XFS corruption reports and forced shutdowns, Btrfs
 * errors and checksum failures. Lines about the same device within {@value #EPISODE_GAP_SECONDS} s form one
 * episode.
 *
 * <p>Kind, strongest first: journal-abort (the journal stopped: "Aborting journal", "Detected aborted journal",
 * JBD I/O errors, XFS log-error shutdown), fs-error, fs-recovery (mount-time recovery or fsck advice).
 * Title: {@code <FS> journal aborted on <dev>}, {@code <FS> error on <dev>}, {@code <FS> recovery on <dev>},
 * with " (remounted read-only)" / " (filesystem shut down)" when that happened.
 */
public final class FilesystemErrorDetector extends EpisodeDetector<FilesystemErrorDetector.Episode> {
    static final double EPISODE_GAP_SECONDS = 60;
    /** How long a journal replay may run between its start and end lines. */
    private static final double RECOVERY_MAX_SECONDS = 1800;
    private static final int RECOVERY_MAX_LINES = 20_000;
    private static final int EPISODE_GAP_LINES = 40;
    private static final double CONTEXT_GAP_SECONDS = 5;
    /** A journal replay this long after boot is not the boot's own mount of a crashed filesystem. */
    private static final double SNAPSHOT_AFTER_BOOT_SECONDS = 600;


    @Override
    protected void acceptKernelLine(LogRecord r, String t, Consumer<IncidentBuilder> emit) {
        Line line = parse(t);
        if (line == null && !t.isEmpty() && t.charAt(0) == '[') {
            line = parseGlued(t); // systemd's "[  OK  ] .." status text in front (one char test on every other line)
        }
        if (open != null) {
            boolean withinEpisode = RecordClock.near(open.last, r, EPISODE_GAP_SECONDS, EPISODE_GAP_LINES);
            // a log replay can take minutes: "Starting recovery" and its "Ending recovery" are one incident
            boolean replaying = open.recovering && RecordClock.near(open.last, r, RECOVERY_MAX_SECONDS, RECOVERY_MAX_LINES);
            if (line == null) {
                // Other subsystems' lines interleave freely; only a long pause ends the episode.
                if (!withinEpisode && !replaying) {
                    close(emit);
                }
                return;
            }
            // Errors keep an episode going for a minute; routine lines (mount notes, "info") only right after one.
            boolean near = line.kind != null ? withinEpisode
                    : RecordClock.near(open.last, r, CONTEXT_GAP_SECONDS, 5);
            boolean sameDev = line.device == null || open.device == null || sameDevice(open.device, line.device);
            if (replaying && sameDev && (line.kind == IncidentKind.FS_RECOVERY || line.recoveryEnds)) {
                near = true;
            }
            if (!near || !sameDev) {
                close(emit);
            } else {
                open.add(r, line);
                return;
            }
        }
        if (line != null && line.kind != null) {
            open = new Episode(r, line);
        }
    }

    @Override
    protected void acceptConsoleLine(LogRecord r, String t, Consumer<IncidentBuilder> emit) {
        // only behind a printk timestamp: a program's own text that mentions XFS is not the kernel speaking
        int ts = !t.isEmpty() && t.charAt(0) == '[' ? gluedTimestampEnd(t) : -1;
        if (ts > 0 && parse(t.substring(ts)) != null) {
            acceptKernelLine(r, t, emit);
        }
    }

    /**
     * A filesystem message glued behind other console output: systemd's status text ("[  OK  ] Started
     * Journal Service.") or another line's end, followed by the printk timestamp and the message, as serial
     * consoles capture them. The message is read from its printk timestamp, or from where the filesystem's
     * own prefix starts.
     */
    static Line parseGlued(String t) {
        int ts = gluedTimestampEnd(t);
        if (ts > 0 && ts < t.length()) {
            Line l = parse(t.substring(ts));
            if (l != null) {
                return l;
            }
        }
        if (t.startsWith("[  OK  ]") || t.startsWith("[FAILED]") || t.startsWith("[ INFO ]") || t.startsWith("[DEPEND]")
                || t.startsWith("[ TIME ]") || t.startsWith("[ WARN ]")) {
            for (String marker : new String[] {"XFS (", "XFS: ", "EXT4-fs", "EXT3-fs", "EXT2-fs", "BTRFS", "JBD2", "Aborting journal"}) {
                int i = t.indexOf(marker, 8);
                if (i > 0) {
                    return parse(t.substring(i));
                }
            }
        }
        return null;
    }

    /** End of the last "[   10.695154] " printk timestamp inside the line (not at its start), or -1. */
    private static int gluedTimestampEnd(String t) {
        int i = t.lastIndexOf("] ");
        while (i > 1) {
            int j = i - 1;
            while (j > 0 && Character.isDigit(t.charAt(j))) {
                j--;
            }
            if (j < i - 1 && t.charAt(j) == '.') {
                int k = j - 1;
                while (k > 0 && Character.isDigit(t.charAt(k))) {
                    k--;
                }
                while (k > 0 && t.charAt(k) == ' ') {
                    k--;
                }
                if (k < j - 1 && t.charAt(k) == '[' && k > 0) {
                    return i + 2;
                }
            }
            i = t.lastIndexOf("] ", i - 1);
        }
        return -1;
    }

    /** jbd names the journal "sda1-8" (device and journal inode): the same filesystem as "sda1". */
    private static boolean sameDevice(String a, String b) {
        return stripJournal(a).equals(stripJournal(b));
    }

    private static String stripJournal(String d) {
        int dash = d.lastIndexOf('-');
        if (dash > 0 && dash < d.length() - 1) {
            for (int i = dash + 1; i < d.length(); i++) {
                if (!Character.isDigit(d.charAt(i))) {
                    return d;
                }
            }
            // "dm-0" is a device of its own; "dm-0-8" is its journal.
            String head = d.substring(0, dash);
            if (head.equals("dm") || head.equals("md") || head.equals("loop") || head.equals("nbd")) {
                return d;
            }
            return head;
        }
        return d;
    }

    /** What one filesystem line says: its fs, device, the incident kind it signals (null = context only). */
    record Line(String fs, String device, IncidentKind kind, boolean readOnly, boolean shutdown, boolean fsck,
                boolean recoveryStarts, boolean recoveryEnds) {
        Line(String fs, String device, IncidentKind kind, boolean readOnly, boolean shutdown, boolean fsck) {
            this(fs, device, kind, readOnly, shutdown, fsck, false, false);
        }
    }

    private static final String EXT = "EXT";
    private static final String XFS = "XFS";
    private static final String BTRFS = "BTRFS";
    private static final String BTRFS_LOWER = "btrfs";
    private static final String ABORTING_JOURNAL = "Aborting journal on device ";
    private static final String JBD = "JBD";
    private static final String JOURNAL_COMMIT_ERROR = "journal commit I/O error";

    /**
     * Every line {@link #parse} reads as a filesystem message holds one of the prefixes it tests (the glued and
     * console paths parse a part of the line): an idle detector needs no other line.
     */
    @Override
    public List<String> wakeLiterals() {
        return List.of(EXT, XFS, BTRFS, BTRFS_LOWER, ABORTING_JOURNAL, JBD, JOURNAL_COMMIT_ERROR);
    }

    /** Without an open episode, only a line {@link #parse} gives a kind opens one. */
    @Override
    public boolean holdsOpenState() {
        return open != null;
    }

    static Line parse(String t) {
        int s = TextScan.skipBlanks(t);
        if (t.length() < s + 3) {
            return null;
        }
        char c = t.charAt(s);
        if (c == 'E' && t.startsWith(EXT, s) && t.length() > s + 5 && t.startsWith("-fs", s + 4)) {
            return ext(t, s, "EXT" + t.charAt(s + 3));
        }
        if (c == 'X' && t.startsWith(XFS, s)) {
            return xfs(t, s);
        }
        if ((c == 'B' || c == 'b') && (t.startsWith(BTRFS, s) || t.startsWith(BTRFS_LOWER, s))) {
            return btrfs(t, s);
        }
        if (c == 'A' && t.startsWith(ABORTING_JOURNAL, s)) {
            return new Line("JBD", trimDot(TextScan.tokenAfter(t, "on device ", ",")), IncidentKind.JOURNAL_ABORT,
                    false, false, false);
        }
        if (c == 'J' && t.startsWith(JBD, s)) {
            boolean io = t.indexOf("I/O error") >= 0 || t.indexOf("IO error") >= 0 || t.indexOf("Error -5") >= 0
                    || t.indexOf("error -5") >= 0;
            String dev = deviceAfterOn(t);
            return new Line(t.startsWith("JBD2", s) ? "JBD2" : "JBD", dev, io ? IncidentKind.JOURNAL_ABORT : null,
                    false, false, false);
        }
        if (t.indexOf(JOURNAL_COMMIT_ERROR) >= 0) {
            return new Line(null, null, IncidentKind.JOURNAL_ABORT, false, false, false);
        }
        return null;
    }

    private static Line ext(String t, int s, String fs) {
        String dev = null;
        int i = t.indexOf("(device ", s);
        if (i >= 0) {
            dev = TextScan.tokenAfter(t, "(device ", "):,");
        } else if (t.startsWith(" (", s + 7)) {
            dev = TextScan.tokenAfter(t.substring(s), "-fs (", "):,");
        }
        boolean ro = t.indexOf("Remounting filesystem read-only") >= 0;
        boolean fsck = t.indexOf("e2fsck is recommended") >= 0;
        IncidentKind kind = null;
        if (t.indexOf("Detected aborted journal") >= 0 || t.indexOf("journal commit I/O error") >= 0) {
            kind = IncidentKind.JOURNAL_ABORT;
        } else if (t.startsWith(" error", s + 7) || t.indexOf("error (device") >= 0 || ro) {
            kind = IncidentKind.FS_ERROR;
        } else if (fsck || t.indexOf("recovery required") >= 0 || t.indexOf("recovery complete") >= 0
                || t.indexOf("orphan cleanup on readonly fs") >= 0) {
            kind = IncidentKind.FS_RECOVERY;
        } else if (t.indexOf("I/O error") >= 0 || t.indexOf("error count") >= 0) {
            kind = IncidentKind.FS_ERROR;
        }
        boolean starts = t.indexOf("recovery required") >= 0 || t.indexOf("write access will be enabled during recovery") >= 0;
        boolean ends = t.indexOf("recovery complete") >= 0;
        return new Line(fs, dev, kind, ro || t.indexOf("recovery required on readonly filesystem") >= 0,
                false, fsck, starts && !ends, ends);
    }

    private static Line xfs(String t, int s) {
        String dev = t.startsWith("XFS (", s) ? TextScan.tokenAfter(t, "XFS (", "):,") : null;
        boolean logShutdown = t.indexOf("shut down due to log error") >= 0 || t.indexOf("Log I/O Error") >= 0
                || t.indexOf("log I/O error") >= 0;
        boolean shutdown = logShutdown || t.indexOf("force_shutdown") >= 0 || t.indexOf("Shutting down filesystem") >= 0
                || t.indexOf("has been shut down") >= 0;
        IncidentKind kind = null;
        if (logShutdown) {
            kind = IncidentKind.JOURNAL_ABORT;
        } else if (shutdown || t.indexOf("Corruption") >= 0 || t.indexOf("corruption") >= 0
                || t.indexOf("metadata I/O error") >= 0 || t.indexOf("Internal error") >= 0
                || t.indexOf("xfs_log_force: error") >= 0 || t.indexOf("writeback error") >= 0
                || t.indexOf("log mount failed") >= 0 || t.indexOf("returned error") >= 0) {
            kind = IncidentKind.FS_ERROR;
        } else if (t.indexOf("Starting recovery") >= 0 || t.indexOf("Ending recovery") >= 0) {
            kind = IncidentKind.FS_RECOVERY;
        }
        return new Line("XFS", dev, kind, false, shutdown, false, t.indexOf("Starting recovery") >= 0,
                t.indexOf("Ending recovery") >= 0);
    }

    private static Line btrfs(String t, int s) {
        String dev = t.indexOf("(device ") >= 0 ? TextScan.tokenAfter(t, "(device ", "):,") : null;
        IncidentKind kind = null;
        if (t.indexOf("error") >= 0 || t.indexOf("csum failed") >= 0 || t.indexOf("critical") >= 0
                || t.indexOf("corrupt") >= 0 || t.indexOf("checksum") >= 0) {
            kind = IncidentKind.FS_ERROR;
        }
        boolean ro = t.indexOf("forced readonly") >= 0 || t.indexOf("read-only") >= 0;
        return new Line("BTRFS", dev, kind, ro, false, false);
    }

    private static String deviceAfterOn(String t) {
        int i = t.lastIndexOf(" on ");
        if (i < 0) {
            i = t.lastIndexOf(" for ");
            if (i < 0) {
                return null;
            }
            return trimDot(TextScan.tokenAfter(t.substring(i), " for ", ","));
        }
        return trimDot(TextScan.tokenAfter(t.substring(i), " on ", ","));
    }

    private static String trimDot(String s) {
        return s != null && s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** One burst of lines about one filesystem. */
    static final class Episode implements EpisodeDetector.Episode {
        final IncidentBuilder builder;
        LogRecord last;
        String fs;
        String device;
        IncidentKind kind;
        boolean readOnly;
        boolean shutdown;
        boolean fsck;
        /** A journal replay started and has not ended yet. */
        boolean recovering;
        long errors;
        /** A found/expected pair one bit apart (see {@link BitFlip}); fact single_bit_flip. */
        boolean bitFlip;
        /** The failed check of the first error line that names one (FilesystemErrorTitles, issue 9's title rules). */
        String detail;

        Episode(LogRecord first, Line line) {
            builder = new IncidentBuilder(line.kind, first);
            last = first;
            bitFlip = BitFlip.inLine(first.text());
            kind = line.kind;
            take(line);
            note(first, line);
        }

        private void note(LogRecord r, Line line) {
            if (detail == null && line.kind == IncidentKind.FS_ERROR) {
                detail = FilesystemErrorTitles.detail(r.text());
            }
        }

        void add(LogRecord r, Line line) {
            builder.add(r);
            last = r;
            bitFlip |= BitFlip.inLine(r.text());
            note(r, line);
            if (line.kind != null && rank(line.kind) > rank(kind)) {
                kind = line.kind;
            }
            take(line);
        }

        private void take(Line line) {
            if (line.fs != null && (fs == null || fs.startsWith("JBD"))) {
                fs = line.fs;
            }
            if (device == null && line.device != null) {
                device = stripJournal(line.device);
            }
            readOnly |= line.readOnly;
            shutdown |= line.shutdown;
            if (line.recoveryStarts) {
                recovering = true;
            }
            if (line.recoveryEnds) {
                recovering = false;
            }
            fsck |= line.fsck;
            if (line.kind == IncidentKind.FS_ERROR || line.kind == IncidentKind.JOURNAL_ABORT) {
                errors++;
            }
        }

        private static int rank(IncidentKind k) {
            return k == IncidentKind.JOURNAL_ABORT ? 3 : k == IncidentKind.FS_ERROR ? 2 : k == null ? 0 : 1;
        }

        @Override
        public IncidentBuilder finish() {
            builder.kind = kind;
            FactMap f = builder.facts;
            f.put(Facts.FS_TYPE, fs == null ? null : fs.toLowerCase(java.util.Locale.ROOT));
            f.put(Facts.DEVICE, device);
            if (device != null) {
                f.put(Facts.DEVICES, List.of(device));
            }
            f.flag(Facts.READ_ONLY, readOnly);
            f.flag(Facts.SINGLE_BIT_FLIP, bitFlip);
            if (shutdown) {
                f.put(Facts.SHUTDOWN, 1);
            }
            if (fsck) {
                f.put(Facts.FSCK_RECOMMENDED, 1);
            }
            if (kind == IncidentKind.FS_RECOVERY) {
                // A replay at boot follows an unclean shutdown; one on a device-mapper volume long after boot, with no
                // error, is what mounting an LVM snapshot of a live filesystem (for a backup) always does. 2.6-era
                // ext3 names no device ("EXT3-fs: recovery complete."): then the time alone tells.
                LogRecord first = builder.lines.get(0);
                boolean snapshot = (device == null || device.startsWith("dm-")) && errors == 0
                        && first.hasMonoTime() && first.monoTime() > SNAPSHOT_AFTER_BOOT_SECONDS;
                f.flag(Facts.SNAPSHOT, snapshot);
            }
            f.put(Facts.ERRORS, errors);
            String label = fs == null ? "filesystem" : fs;
            String what = switch (kind) {
                case JOURNAL_ABORT -> " journal aborted";
                case FS_RECOVERY -> " recovery";
                default -> " error";
            };
            StringBuilder title = new StringBuilder(label).append(what);
            if (kind == IncidentKind.FS_ERROR && detail != null) {
                // "EXT4 error in ext4_lookup: iget: checksum invalid on mmcblk0p1": the function and the failed check.
                title.append(detail.startsWith("in ") ? " " : ": ").append(detail);
            }
            if (device != null) {
                title.append(" on ").append(device);
            }
            if (readOnly && kind != IncidentKind.FS_RECOVERY) {
                title.append(" (remounted read-only)");
            } else if (shutdown) {
                title.append(" (filesystem shut down)");
            } else if (fsck) {
                title.append(" (e2fsck recommended)");
            }
            builder.title = title.toString();
            return builder;
        }
    }
}
