package dev.crashtriage.input;

import java.util.Locale;

/** The log formats crashtriage recognises; {@link #id()} is what users type and what JSON reports. */
public enum LogFormat {
    DMESG("dmesg"),
    DMESG_HUMAN("dmesg-t"),
    /** {@code dmesg -H}: minute stamps and relative times ({@code [Jan13 11:28]}, {@code [  +0.000156]}). */
    DMESG_RELATIVE("dmesg-h"),
    DMESG_DECODED("dmesg-x"),
    DMESG_JSON("dmesg-json"),
    KMSG("kmsg"),
    NETCONSOLE_EXTENDED("netconsole-ext"),
    /** What {@code listen --out} writes: each datagram line behind its receive time (extended, plain or relayed). */
    NETCONSOLE_CAPTURE("netconsole-capture"),
    SYSLOG("syslog"),
    RFC5424("rfc5424"),
    JOURNAL_TEXT("journal"),
    JOURNAL_JSON("journal-json"),
    SERIAL("serial"),
    PLAIN("plain");

    private final String id;

    LogFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static LogFormat fromId(String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        for (LogFormat f : values()) {
            if (f.id.equals(wanted)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown input format '" + text + "'");
    }
}
