package dev.crashtriage.kernel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a filesystem error line says failed, for the incident's title: the function that found the
 * problem and the check that failed, normalised (no inode, block or task numbers) so that the same
 * corruption found again gets the same title and fingerprint.
 *
 * <ul>
 *   <li>ext2/3/4 ({@code __ext4_error}, {@code ext4_error_inode}): {@code EXT4-fs error (device sda1): ext4_lookup:1607:
 *   inode #525615: comm Cache2 I/O: deleted inode referenced: 530632} gives {@code in ext4_lookup: deleted inode referenced}.</li>
 *   <li>XFS ({@code xfs_error_report}, {@code xfs_corruption_error}): {@code Internal error XFS_WANT_CORRUPTED_RETURN at line 342
 *   of file fs/xfs/xfs_alloc.c.  Caller xfs_alloc_ag_vextent_size+0x482/0x630 [xfs]} gives
 *   {@code internal error XFS_WANT_CORRUPTED_RETURN in xfs_alloc_ag_vextent_size}; {@code Metadata corruption detected at
 *   xfs_dinode_verify+0x..} gives {@code metadata corruption in xfs_dinode_verify}.</li>
 *   <li>Btrfs tree checker ({@code fs/btrfs/tree-checker.c}): {@code corrupt leaf: block=.. slot=.. extent bytenr=.. len=..
 *   invalid extent data ref hash, item has 0x.. key has 0x..} gives {@code corrupt leaf: invalid extent data ref hash}.</li>
 * </ul>
 */
final class FilesystemErrorTitles {
    /** "EXT4-fs error (device sda1): func:123: rest" (also "EXT4-fs error (device sda1) in func:123: rest"). */
    private static final Pattern EXT = Pattern.compile("EXT[234]-fs error \\(device [^)]+\\)(?::| in) ([A-Za-z0-9_]+):[0-9]+: (.*)");
    /** The context ext4 prints before the message: inode, block, logical block, comm, pid. */
    private static final Pattern EXT_CONTEXT = Pattern.compile(
            "^(?:(?:inode #?[0-9]+|block [0-9]+|lblock [0-9]+|comm [^:]+|pid [0-9]+)(?:: | ))+");
    private static final Pattern XFS_INTERNAL = Pattern.compile(
            "Internal error (\\S+) at line [0-9]+ of file \\S+?\\.?\\s+Caller (?:([A-Za-z0-9_]+)\\+0x|0x)");
    private static final Pattern XFS_DETECTED = Pattern.compile(
            "(Metadata corruption|Metadata CRC error|Metadata I/O Error \\(0x[0-9a-f]+\\)) detected at ([A-Za-z0-9_]+)\\+0x");
    private static final Pattern BTRFS_CORRUPT = Pattern.compile("corrupt (leaf|node): (.*)");
    /** The tree checker words its failed check as "invalid ...", "bad ...", "unexpected ..."; key=value parts are locations. */
    private static final Pattern BTRFS_CHECK = Pattern.compile(
            "\\b((?:invalid|bad|unexpected|wrong|incorrect|mismatched|unknown|duplicate|overlapping|missing|too (?:large|small|many|few))\\b[^,=]*?)"
                    + "(?=\\s*(?:,|$|[a-z_]+=))");

    private FilesystemErrorTitles() {
    }

    /** The failed check of one error line, worded for a title ("in ext4_lookup: iget: checksum invalid"), or null. */
    static String detail(String text) {
        if (text == null) {
            return null;
        }
        if (text.indexOf("-fs error (device") >= 0) {
            Matcher m = EXT.matcher(text);
            if (m.find()) {
                String msg = EXT_CONTEXT.matcher(m.group(2)).replaceFirst("");
                return "in " + m.group(1) + (msg.isEmpty() ? "" : ": " + tidy(msg));
            }
            return null;
        }
        if (text.indexOf("Internal error") >= 0) {
            Matcher m = XFS_INTERNAL.matcher(text);
            if (m.find()) {
                return "internal error " + m.group(1) + (m.group(2) == null ? "" : " in " + m.group(2));
            }
            return null;
        }
        if (text.indexOf(" detected at ") >= 0) {
            Matcher m = XFS_DETECTED.matcher(text);
            if (m.find()) {
                String what = m.group(1).replaceAll(" \\(0x[0-9a-f]+\\)", "").toLowerCase(java.util.Locale.ROOT);
                return what.replace("i/o", "I/O").replace("crc", "CRC") + " in " + m.group(2);
            }
            return null;
        }
        if (text.indexOf("corrupt ") >= 0) {
            Matcher m = BTRFS_CORRUPT.matcher(text);
            if (m.find()) {
                Matcher c = BTRFS_CHECK.matcher(m.group(2));
                return "corrupt " + m.group(1) + (c.find() ? ": " + c.group(1).strip() : "");
            }
        }
        return null;
    }

    /**
     * A message without what differs between two hits: text after " - " or "(" (values), a trailing ": 530632"
     * or " 0"; what is left is the check ("bad extra_isize", "checksumming directory block", "iget: checksum invalid").
     */
    private static String tidy(String msg) {
        String m = msg;
        int dash = m.indexOf(" - ");
        if (dash > 0) {
            m = m.substring(0, dash);
        }
        int paren = m.indexOf(" (");
        if (paren > 0) {
            m = m.substring(0, paren);
        }
        m = m.replaceAll("(?::\\s*|\\s+)(?:0x)?[0-9a-f]*[0-9][0-9a-f]*\\s*$", "");
        m = m.replaceAll("[,.;:]\\s*$", "");
        return m.strip();
    }
}
