package dev.crashtriage.input;

import java.util.List;

/**
 * Picks the log format of one input from its first lines: each line votes for the formats whose
 * envelope it carries, and the format with most votes wins (ties go to the more specific format).
 * Lines nobody claims make a timestamped console a serial capture; no votes at all means plain text.
 */
public final class FormatSniffer {
    private FormatSniffer() {
    }

    public static LogFormat sniff(List<String> lines) {
        int capture = 0;
        int stamped = 0;
        int json = 0;
        int kmsg = 0;
        boolean fragments = false;
        int rfc5424 = 0;
        int markers = 0;
        int isoNoColon = 0;
        int syslog = 0;
        int monoSyslog = 0;
        int monoKernel = 0;
        int decoded = 0;
        int human = 0;
        int relative = 0;
        int dmesg = 0;
        int serialHints = 0;
        int unclaimed = 0;
        int nonEmpty = 0;
        SyslogHeader header = new SyslogHeader();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            nonEmpty++;
            if (nonEmpty <= 2 && DmesgJsonRecordParser.isArrayStart(line)) {
                // `dmesg --json` opens with "{" and then this: nothing else starts a document so
                return LogFormat.DMESG_JSON;
            }
            if (NetconsoleCaptureRecordParser.looksLikeCapture(line)) {
                capture++;
                continue;
            }
            if (NetconsoleCaptureRecordParser.payloadStart(line) > 0) {
                // a capture's plain console text behind a receive time; a syslog file's host and program if no line
                // of the input has a datagram's envelope behind the time
                stamped++;
            }
            if (JournalJsonRecordParser.looksLikeEntry(line)) {
                json++;
                continue;
            }
            if (KmsgRecordParser.looksLikeRecord(line)) {
                kmsg++;
                fragments |= line.contains(",ncfrag=");
                continue;
            }
            if (JournalTextRecordParser.isMarker(line)) {
                markers++;
                continue;
            }
            int afterPri = Math.max(0, KernelLineParser.levelPrefixEnd(line, 0));
            if (line.startsWith("1 ", afterPri) && afterPri > 0 && SyslogHeader.rfc3339End(line, afterPri + 2) > 0) {
                rfc5424++;
                continue;
            }
            if (DmesgHumanRecordParser.humanTimeEnd(line, afterPri) > 0) {
                human++;
                continue;
            }
            if (DmesgRelativeRecordParser.deltaEnd(line, afterPri) > 0 || DmesgRelativeRecordParser.minuteStampEnd(line, afterPri) > 0) {
                relative++;
                continue;
            }
            if (KernelLineParser.timestampEnd(line, afterPri) > 0) {
                dmesg++;
                if (header.parse(line) && header.program != null) {
                    monoSyslog++;
                    if (header.program.equals("kernel")) {
                        monoKernel++;
                    }
                }
                continue;
            }
            if (header.parse(line) && header.program != null) {
                syslog++;
                int end = SyslogHeader.rfc3339End(line, afterPri);
                if (end > 4 && line.charAt(end - 3) != ':' && (line.charAt(end - 5) == '+' || line.charAt(end - 5) == '-')) {
                    isoNoColon++;
                }
                continue;
            }
            int c1 = line.indexOf(':');
            int c2 = c1 < 0 ? -1 : line.indexOf(':', c1 + 1);
            if (c1 > 0 && c2 > 0 && DmesgDecodedRecordParser.isFacility(line.substring(0, c1).trim())
                    && DmesgDecodedRecordParser.levelNumber(line.substring(c1 + 1, c2).trim()) >= 0) {
                decoded++;
                continue;
            }
            if (SerialConsoleRecordParser.isSystemdStatus(line) || SerialConsoleRecordParser.embeddedTimestamp(line) > 0) {
                serialHints++;
                continue;
            }
            unclaimed++;
        }
        if (nonEmpty == 0) {
            return LogFormat.PLAIN;
        }
        LogFormat best = LogFormat.PLAIN;
        int bestVotes = 0;
        // Newer journalctl prints no "-- Journal begins" line; short-monotonic output still says
        // "host kernel:" after the timestamp on its kernel lines, which raw dmesg practically never does.
        boolean journal = markers > 0 || isoNoColon > 0 || monoKernel * 2 > dmesg && monoKernel > 0;
        // first: a capture's lines are also RFC 3339 syslog-like, and a tie goes to the capture
        int[] votes = {
            capture > 0 ? capture + stamped : 0,
            json,
            kmsg,
            rfc5424,
            journal ? syslog + markers + monoSyslog : 0,
            journal ? 0 : syslog,
            decoded,
            human,
            relative,
            dmesg + serialHints,
        };
        LogFormat[] formats = {
            LogFormat.NETCONSOLE_CAPTURE,
            LogFormat.JOURNAL_JSON,
            fragments ? LogFormat.NETCONSOLE_EXTENDED : LogFormat.KMSG,
            LogFormat.RFC5424,
            LogFormat.JOURNAL_TEXT,
            LogFormat.SYSLOG,
            LogFormat.DMESG_DECODED,
            LogFormat.DMESG_HUMAN,
            LogFormat.DMESG_RELATIVE,
            LogFormat.DMESG,
        };
        for (int i = 0; i < votes.length; i++) {
            if (votes[i] > bestVotes) {
                bestVotes = votes[i];
                best = formats[i];
            }
        }
        if (best == LogFormat.DMESG && (serialHints > 0 || unclaimed * 10 > nonEmpty)) {
            return LogFormat.SERIAL;
        }
        return best;
    }
}
