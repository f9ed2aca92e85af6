package dev.crashtriage.input;

import java.util.function.Consumer;

/** Turns the lines of one input, in one log format, into records. One implementation per format. */
interface RecordParser {

    /** Parses one line; may emit zero records (dictionary lines, fragments), one, or several (glued lines). */
    void parse(long lineNo, String line, Consumer<LogRecord> out);

    /** Emits whatever is still held back (an incomplete netconsole fragment...) at the end of the input. */
    default void finish(Consumer<LogRecord> out) {
    }

    static RecordParser forFormat(LogFormat format, String source) {
        switch (format) {
            case DMESG:
                return new DmesgRecordParser(source);
            case DMESG_HUMAN:
                return new DmesgHumanRecordParser(source);
            case DMESG_RELATIVE:
                return new DmesgRelativeRecordParser(source);
            case DMESG_DECODED:
                return new DmesgDecodedRecordParser(source);
            case DMESG_JSON:
                return new DmesgJsonRecordParser(source);
            case KMSG:
            case NETCONSOLE_EXTENDED:
                return new KmsgRecordParser(source);
            case NETCONSOLE_CAPTURE:
                return new NetconsoleCaptureRecordParser(source);
            case SYSLOG:
                return new SyslogRecordParser(source);
            case RFC5424:
                return new Rfc5424RecordParser(source);
            case JOURNAL_TEXT:
                return new JournalTextRecordParser(source);
            case JOURNAL_JSON:
                return new JournalJsonRecordParser(source);
            case SERIAL:
                return new SerialConsoleRecordParser(source);
            case PLAIN:
            default:
                return new PlainRecordParser(source);
        }
    }
}
