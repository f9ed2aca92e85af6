package dev.crashtriage.input;

/**
 * The header of one /dev/kmsg or extended netconsole record, for sources that see one record at a time
 * (the UDP listener, which must reorder by sequence number and reassemble fragments by offset before a
 * record exists). Parsed by {@link KmsgRecordParser}'s own header code, so files and sockets read headers
 * the same way.
 *
 * <p>Netconsole's release prepend ({@code netconsole=+r...}) puts the kernel release and a comma in front
 * of the header ({@code 6.4.0,6,444,501151268,-;text}, Documentation/networking/netconsole.rst); it is taken
 * off here and kept in {@link #release()}.
 *
 * @param release    kernel release from the prepend, or null
 * @param facility   syslog facility (0 = kernel)
 * @param level      printk level 0..7
 * @param seq        record sequence number
 * @param usec       monotonic time in microseconds
 * @param flag       '-' (whole record), 'c' (continuation start) or '+' (continuation fragment)
 * @param caller     caller id without brackets ("T123", "C2"), or null
 * @param fragOffset byte offset of this fragment in the message body ({@code ncfrag=<off>/<len>}), or -1
 * @param fragTotal  total bytes of the fragmented body, or -1 when the record is not a fragment
 * @param textStart  index of the first character after the header's ';'
 */
public record KmsgHeader(String release, int facility, int level, long seq, long usec, char flag, String caller,
                         int fragOffset, int fragTotal, int textStart) {

    /** Parses the header at the start of {@code line} (after a release prepend, if any); null when there is none. */
    public static KmsgHeader parse(String line) {
        int start = releaseEnd(line);
        if (start > 0) {
            KmsgHeader h = KmsgRecordParser.header(line, start, line.substring(0, start - 1));
            if (h != null) {
                return h;
            }
        }
        return KmsgRecordParser.header(line, 0, null);
    }

    public boolean fragment() {
        return fragTotal >= 0;
    }

    /** The record this header and its (reassembled, cleaned) text make, exactly as a file's line would. */
    public LogRecord record(String source, long lineNo, String host, String text) {
        return KmsgRecordParser.record(source, lineNo, host, facility, level, usec, caller, text);
    }

    /** Index after "6.4.0-rc1," when the line starts with a release (digits, then a dot, up to a comma), else 0. */
    private static int releaseEnd(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && KernelLineParser.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i >= n || s.charAt(i) != '.') {
            return 0;
        }
        // a release is short and has no ';' (that would be the text's)
        for (int j = i; j < n && j < 128; j++) {
            char c = s.charAt(j);
            if (c == ',') {
                return j + 1;
            }
            if (c == ';' || c == ' ') {
                return 0;
            }
        }
        return 0;
    }
}
