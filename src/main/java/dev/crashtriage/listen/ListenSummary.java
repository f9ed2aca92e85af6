package dev.crashtriage.listen;

import dev.crashtriage.render.ControlCharEscaper;

import java.io.PrintWriter;
import java.util.Locale;

/** The counters at exit, on stderr: totals, then one line per host with anything lost or odd. */
public final class ListenSummary {
    private ListenSummary() {
    }

    public static void print(ListenStats.Snapshot s, PrintWriter err) {
        err.println(String.format(Locale.ROOT,
                "crashtriage listen: stopped after %.1f s: %d datagrams (%d bytes) from %d hosts; drops: socket %s, "
                        + "queue %d; incidents %d",
                s.elapsedSeconds(), s.datagrams(), s.bytes(), s.hosts().size(),
                s.kernelReadable() ? Long.toString(s.socketDrops()) : "unknown (no /proc/net/udp)", s.queueDrops(),
                s.incidents()));
        if (s.socketQueued() > 0) {
            err.println("crashtriage listen: " + s.socketQueued()
                    + " bytes were still arriving in the sockets when they closed (senders still sending at shutdown)");
        }
        for (ListenStats.HostCounters h : s.hosts()) {
            StringBuilder b = new StringBuilder("  ").append(ControlCharEscaper.escape(h.host())).append(": ")
                    .append(h.datagrams()).append(" datagrams, ").append(h.records()).append(" records");
            append(b, "extended", h.extended());
            append(b, "reordered", h.reordered());
            append(b, "seq gaps", h.seqGaps());
            append(b, "not sent", h.notSent());
            append(b, "late", h.late());
            append(b, "duplicates", h.duplicates());
            append(b, "reboots", h.resets());
            append(b, "incomplete", h.incomplete());
            append(b, "msgid missing", h.msgidMissing());
            append(b, "queue drops", h.queueDrops());
            append(b, "log write errors", h.logErrors());
            if (h.release() != null) {
                b.append(", release ").append(ControlCharEscaper.escape(h.release()));
            }
            err.println(b);
        }
        err.flush();
    }

    private static void append(StringBuilder b, String name, long v) {
        if (v != 0) {
            b.append(", ").append(name).append(' ').append(v);
        }
    }
}
