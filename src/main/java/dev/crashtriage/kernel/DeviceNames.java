package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The devices a kernel line names, as the block, SCSI, libata and filesystem layers print them: "[sda]" (sd_printk),
 * "dev sda," (blk_update_request, print_req_error), "on device sda1," (buffer I/O), "EXT4-fs (sda1)", "XFS (dm-0)",
 * "(device sdb1)", "on device sda1-8" (jbd), "ata1" / "ata1.00" (libata), "sd 0:0:0:0" (SCSI address), "usb 1-4",
 * "nvme0n1". Incidents carry theirs as the {@code devices} fact, so that a line can be bound to an incident, or kept
 * apart from it, by the devices both name ({@link #binds}).
 */
public final class DeviceNames {
    private static final int MAX_PER_LINE = 8;

    private DeviceNames() {
    }

    /** Every device the line names (insertion-ordered by the layer shapes tried, not by position in the line). */
    public static Set<String> in(String t) {
        Set<String> out = new LinkedHashSet<>();
        addDevices(t, out);
        return out;
    }

    /**
     * Whether a line belongs with an incident by the devices they name: TRUE when the line names one of the
     * incident's devices (or a partition or the disk of one), FALSE when it names devices and none of them is the
     * incident's, null when either names no device (the devices cannot tell).
     */
    public static Boolean binds(Incident incident, String line) {
        List<String> own = incident.fact(Facts.DEVICES);
        Set<String> named = in(line);
        if (own == null || own.isEmpty() || named.isEmpty()) {
            return null;
        }
        for (String n : named) {
            for (String o : own) {
                if (sameDevice(n, o)) {
                    return Boolean.TRUE;
                }
            }
        }
        return Boolean.FALSE;
    }

    /** {@link #binds(Incident, String)} for a record. */
    public static Boolean binds(Incident incident, LogRecord r) {
        return binds(incident, r.text());
    }

    /** True when two incidents name a common device (or a disk and one of its partitions). */
    public static boolean shareDevice(Incident a, Incident b) {
        List<String> da = a.fact(Facts.DEVICES);
        List<String> db = b.fact(Facts.DEVICES);
        if (da == null || db == null) {
            return false;
        }
        for (String x : da) {
            for (String y : db) {
                if (sameDevice(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The same device, or a disk and its partition, or a filesystem's journal ("sda1-8") and its device. */
    public static boolean sameDevice(String a, String b) {
        return a.equals(b) || disk(a).equals(disk(b));
    }

    /** "sda1" -> "sda", "nvme0n1p2" -> "nvme0n1", "mmcblk0p1" -> "mmcblk0", "sda1-8" -> "sda", "ata1.00" -> "ata1". */
    static String disk(String d) {
        String s = d;
        int dash = s.lastIndexOf('-');
        if (dash > 0 && dash < s.length() - 1 && allDigits(s, dash + 1) && !s.startsWith("dm-") && !s.startsWith("md")
                && !s.startsWith("usb ")) {
            s = s.substring(0, dash); // jbd's "<dev>-<journal inode>"
        }
        if (s.startsWith("ata")) {
            int dot = s.indexOf('.');
            return dot > 0 ? s.substring(0, dot) : s;
        }
        if (s.startsWith("nvme") || s.startsWith("mmcblk") || s.startsWith("loop") || s.startsWith("nbd")) {
            int p = s.lastIndexOf('p');
            return p > 4 && allDigits(s, p + 1) && p < s.length() - 1 ? s.substring(0, p) : s;
        }
        if ((s.startsWith("sd") || s.startsWith("hd") || s.startsWith("vd") || s.startsWith("xvd")) && s.indexOf(' ') < 0) {
            int i = s.length();
            while (i > 2 && Character.isDigit(s.charAt(i - 1))) {
                i--;
            }
            return s.substring(0, i);
        }
        return s;
    }

    /**
     * The device a kernel thread's name carries: "jbd2/sda2-8" (a journal of sda2), "xfsaild/dm-0", "ext4-rsv-conversion"
     * no, "flush-8:0" no (major:minor); null when the name carries none.
     */
    public static String ofTask(String comm) {
        if (comm == null) {
            return null;
        }
        int slash = comm.indexOf('/');
        if (slash <= 0 || slash == comm.length() - 1) {
            return null;
        }
        String prefix = comm.substring(0, slash);
        if (!prefix.equals("jbd2") && !prefix.equals("xfsaild") && !prefix.startsWith("xfs") && !prefix.equals("kjournald")
                && !prefix.equals("btrfs") && !prefix.equals("md")) {
            return null;
        }
        String d = comm.substring(slash + 1);
        if (prefix.equals("jbd2")) {
            int dash = d.lastIndexOf('-');
            d = dash > 0 ? d.substring(0, dash) : d;
        }
        return isDiskName(d) ? d : null;
    }

    /** Optical and floppy drives: a bad disc or floppy is not a failing disk. */
    public static boolean isRemovable(String device) {
        String d = device.startsWith("[") ? device.substring(1) : device;
        return d.startsWith("sr") && d.length() > 2 && Character.isDigit(d.charAt(2))
                || d.startsWith("scd") || d.startsWith("fd") && d.length() > 2 && Character.isDigit(d.charAt(2))
                || d.startsWith("cdrom");
    }

    /** "ata1" of "ata1.00: ..", "ata1: ..", or null. */
    static String ataLink(String t) {
        int s = TextScan.skipBlanks(t);
        if (!t.startsWith("ata", s)) {
            return null;
        }
        int i = s + 3;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        return i > s + 3 ? t.substring(s, i) : null;
    }

    /** The first block device the line names, or null. */
    static String blockDevice(String t) {
        for (String d : in(t)) {
            if (!d.startsWith("ata") && !d.startsWith("sd ") && !d.startsWith("usb ") && !d.startsWith("scsi ")) {
                return d;
            }
        }
        return null;
    }

    static void addDevices(String t, Set<String> out) {
        int before = out.size();
        String link = ataLink(t);
        if (link != null) {
            int s = TextScan.skipBlanks(t);
            int colon = t.indexOf(':', s);
            out.add(colon > s ? t.substring(s, colon) : link);
        }
        bracketed(t, out);
        after(t, "dev ", ",:", out);
        after(t, "on device ", ",:", out);
        after(t, "on dev ", ",:", out);
        after(t, "(device ", "):,", out);
        after(t, "-fs (", "):,", out);
        after(t, "XFS (", "):,", out);
        after(t, "Aborting journal on device ", ".,:", out);
        scsiAddress(t, out);
        int u = t.indexOf("usb ");
        if (u >= 0 && u == TextScan.skipBlanks(t)) {
            String tok = TextScan.tokenAfter(t, "usb ", ":");
            if (tok != null) {
                out.add("usb " + tok);
            }
        }
        while (out.size() - before > MAX_PER_LINE) {
            out.remove(out.iterator().next());
        }
    }

    /** sd_printk's "[sda]" / "[sr0]" after the SCSI address. */
    private static void bracketed(String t, Set<String> out) {
        int from = 0;
        int n = 0;
        while (n++ < 4) {
            int i = t.indexOf('[', from);
            if (i < 0) {
                return;
            }
            int j = t.indexOf(']', i);
            if (j < 0) {
                return;
            }
            String d = t.substring(i + 1, j);
            if (isDiskName(d)) {
                out.add(d);
            }
            from = j + 1;
        }
    }

    private static void after(String t, String key, String stops, Set<String> out) {
        String tok = TextScan.tokenAfter(t, key, stops);
        if (tok != null && tok.endsWith(".")) {
            tok = tok.substring(0, tok.length() - 1);
        }
        if (tok != null && isDiskName(tok)) {
            out.add(tok);
        }
    }

    /**
     * The SCSI host number a line names: "sd 3:0:0:0: ..", "sr 1:0:0:0: ..", "scsi 2:0:0:0: ..", or shost_printk's
     * "scsi host3: .."; null when it names none.
     */
    static String scsiHost(String t) {
        int s = TextScan.skipBlanks(t);
        int at = -1;
        if (t.startsWith("scsi host", s)) {
            at = s + 9;
        } else {
            for (String p : new String[] {"sd ", "sr ", "st ", "scsi "}) {
                if (t.startsWith(p, s)) {
                    at = s + p.length();
                    break;
                }
            }
        }
        if (at < 0) {
            return null;
        }
        int i = at;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        return i > at && i < t.length() && t.charAt(i) == ':' ? t.substring(at, i) : null;
    }

    /** "sd 0:0:0:0:", "sr 1:0:0:0:", "scsi 2:0:0:0:": the SCSI address as "sd 0:0:0:0". */
    private static void scsiAddress(String t, Set<String> out) {
        int s = TextScan.skipBlanks(t);
        for (String p : new String[] {"sd ", "sr ", "st ", "scsi "}) {
            if (t.startsWith(p, s) && t.length() > s + p.length() && Character.isDigit(t.charAt(s + p.length()))) {
                String tok = TextScan.tokenAfter(t.substring(s), p, " ");
                if (tok != null) {
                    if (tok.endsWith(":")) {
                        tok = tok.substring(0, tok.length() - 1);
                    }
                    if (tok.indexOf(':') > 0) {
                        out.add("sd " + tok);
                    }
                }
                return;
            }
        }
    }

    /** Block device names: sdX, srN, hdX, vdX, xvdX, nvmeXnY, mmcblkN, dm-N, mdN, loopN, nbdN, fdN, sda1-8 (jbd). */
    static boolean isDiskName(String d) {
        if (d.isEmpty() || d.length() > 24 || d.indexOf(' ') >= 0) {
            return false;
        }
        return d.matches("(?:sd[a-z]+|hd[a-z]+|vd[a-z]+|xvd[a-z]+)\\d*(?:-\\d+)?|sr\\d+|scd\\d+|fd\\d+|nvme\\d+n\\d+(?:p\\d+)?"
                + "|mmcblk\\d+(?:p\\d+)?|dm-\\d+(?:-\\d+)?|md\\d+|loop\\d+|nbd\\d+|rbd\\d+|zram\\d+|bcache\\d+");
    }

    private static boolean allDigits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return from < s.length();
    }
}
