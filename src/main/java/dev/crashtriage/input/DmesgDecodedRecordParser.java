package dev.crashtriage.input;

import java.util.function.Consumer;

/**
 * {@code dmesg -x}: facility and level decoded in front of each line, {@code kern  :err   : [  1.234] text}.
 * Lines from other facilities (user, daemon...: what programs wrote to /dev/kmsg) are not kernel lines.
 */
final class DmesgDecodedRecordParser implements RecordParser {
    private static final String[] LEVELS = {"emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"};

    private final String source;
    private final KernelLineParser kernel;

    DmesgDecodedRecordParser(String source) {
        this.source = source;
        this.kernel = new KernelLineParser(source);
    }

    @Override
    public void parse(long lineNo, String line, Consumer<LogRecord> out) {
        int c1 = line.indexOf(':');
        int c2 = c1 < 0 ? -1 : line.indexOf(':', c1 + 1);
        if (c1 <= 0 || c2 < 0 || c1 > 10 || c2 - c1 > 10) {
            kernel.parse(lineNo, null, null, Double.NaN, -1, "kernel", line, 0, out);
            return;
        }
        String facility = line.substring(0, c1).trim();
        int level = levelNumber(line.substring(c1 + 1, c2).trim());
        if (level < 0 || facility.isEmpty()) {
            kernel.parse(lineNo, null, null, Double.NaN, -1, "kernel", line, 0, out);
            return;
        }
        int i = c2 + 1;
        if (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        if (facility.equals("kern")) {
            kernel.parse(lineNo, null, null, Double.NaN, level, "kernel", line, i, out);
        } else {
            // Userspace writes to /dev/kmsg still carry the kernel's timestamp.
            kernel.parse(lineNo, null, null, Double.NaN, level, null, line, i,
                    r -> out.accept(new LogRecord(r.source(), r.line(), r.host(), r.monoTime(), r.wallTime(),
                            r.level(), r.callerId(), facility, false, r.text())));
        }
    }

    static int levelNumber(String name) {
        for (int i = 0; i < LEVELS.length; i++) {
            if (LEVELS[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    static boolean isFacility(String name) {
        switch (name) {
            case "kern": case "user": case "mail": case "daemon": case "auth": case "syslog": case "lpr":
            case "news": case "uucp": case "cron": case "authpriv": case "ftp":
            case "local0": case "local1": case "local2": case "local3": case "local4": case "local5":
            case "local6": case "local7":
                return true;
            default:
                return false;
        }
    }
}
