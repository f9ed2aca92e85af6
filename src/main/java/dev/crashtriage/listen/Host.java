package dev.crashtriage.listen;

import dev.crashtriage.input.LogRecord;

import java.io.IOException;
import java.util.List;

/**
 * One sending host: its reorder window, its raw log, its counters, and the continuation record it may be holding.
 * A host is keyed by its source address and port ({@code 10.0.0.5:6665}) unless its messages name it (netconsole
 * userdata {@code host=}, a relayed syslog line's host field). Only the processing thread touches it.
 */
final class Host {
    final String key;
    final String source;
    final SequenceWindow window;
    HostLog log;
    long lastNanos;
    /** Records delivered since the sink last heard the host go quiet. */
    boolean active;

    // counters (docs/listen.md, "Counters")
    long datagrams;
    long bytes;
    long records;
    long extendedMessages;
    long incompleteMessages;
    long msgidMissing;
    long msgidDuplicates;
    long queueDrops;
    long logErrors;
    String release;

    private long line;
    private long lastEpochMicros;
    private long wallSecond = Long.MIN_VALUE;
    private String wallPrefix;
    private long msgidFirst = -1;
    private long msgidLast = -1;
    private long msgidCount;
    private long msgidLastRaw = -1;
    private long msgidPrev;
    private NetconsoleMessage held;
    private final RecordSink sink;

    Host(String key, int slots, long maxWaitNanos, RecordSink sink) {
        this.key = key;
        this.source = "udp:" + key;
        this.sink = sink;
        this.window = new SequenceWindow(slots, maxWaitNanos, new SequenceWindow.Out() {
            @Override
            public void message(NetconsoleMessage m, boolean late) {
                deliver(m);
            }

            @Override
            public void reset() {
                flushHeld();
                resetMsgids();
                sink.rebooted(Host.this);
            }
        });
    }

    /** Writes a datagram to the raw log, if there is one; a write error is counted and reported, never fatal. */
    void capture(Datagram d) {
        datagrams++;
        bytes += d.data().length;
        lastNanos = d.nanos();
        lastEpochMicros = d.epochMicros();
        if (log != null) {
            try {
                log.write(d.epochMicros(), d.data(), 0, d.data().length);
            } catch (IOException e) {
                logErrors++;
            }
        }
    }

    /** Makes the raw log durable (before an incident from it is reported: the capture is the evidence). */
    void syncLog() {
        HostLog l = log;
        if (l != null) {
            try {
                l.flush(true);
            } catch (IOException e) {
                syncErrors.incrementAndGet();
            }
        }
    }

    /** Failed fsyncs, counted apart: a triage worker may be the one that met it. */
    final java.util.concurrent.atomic.AtomicLong syncErrors = new java.util.concurrent.atomic.AtomicLong();

    /** An ordered extended message: continuation records ('c' then '+', dev-kmsg ABI) are joined into one line. */
    private void deliver(NetconsoleMessage m) {
        extendedMessages++;
        if (m.missingBytes() > 0) {
            incompleteMessages++;
        }
        if (m.header().release() != null) {
            release = m.header().release();
        }
        countMsgid(m.msgid());
        char flag = m.header().flag();
        if (held != null) {
            if (flag == '+') {
                held = new NetconsoleMessage(held.header(), held.text() + m.text(), held.moreText(), held.host(),
                        held.msgid(), held.cpu(), held.missingBytes() + m.missingBytes(), m.nanos(), List.of());
                emitMore(m);
                return;
            }
            flushHeld();
        }
        if (flag == 'c') {
            held = m;
            return;
        }
        emit(m);
    }

    /** Hands over a continuation start still waiting for its fragments (the next record is not one, or time passed). */
    void flushHeld() {
        if (held != null) {
            NetconsoleMessage m = held;
            held = null;
            emit(m);
        }
    }

    boolean holding() {
        return held != null;
    }

    private void emit(NetconsoleMessage m) {
        record(withReceiveTime(m.header().record(source, ++line, key, m.text()), m));
        emitMore(m);
    }

    private void emitMore(NetconsoleMessage m) {
        for (String t : m.moreText()) {
            record(withReceiveTime(m.header().record(source, ++line, key, t), m));
        }
    }

    /**
     * Netconsole carries no wall-clock time, but it sends from printk itself, so the receive time is when the line
     * was logged (to network latency): it becomes the record's wall time, which lets the fleet view line up hosts
     * that crashed at the same moment.
     */
    private LogRecord withReceiveTime(LogRecord r, NetconsoleMessage m) {
        long micros = m.datagrams().isEmpty() ? lastEpochMicros : m.datagrams().get(m.datagrams().size() - 1).epochMicros();
        return new LogRecord(r.source(), r.line(), r.host(), r.monoTime(), wallTime(micros), r.level(), callerId(r, m),
                r.program(), r.kernel(), r.text());
    }

    /**
     * The printk caller id ({@code caller=T123} in the header, CONFIG_PRINTK_CALLER) when the sender has one; else
     * the netconsole {@code cpu=} sysdata as a CPU caller id ({@code C3}): the CPU a line was printed on is what
     * keeps two CPUs' interleaved reports apart, as {@code [C3]} does in a dmesg. Without either, none.
     */
    private static String callerId(LogRecord r, NetconsoleMessage m) {
        if (r.callerId() != null || m.cpu() < 0) {
            return r.callerId();
        }
        return CPU_IDS.length > m.cpu() ? CPU_IDS[m.cpu()] : "C" + m.cpu();
    }

    /** "C0".."C255", made once: every record of a cpu= sender needs one. */
    private static final String[] CPU_IDS = new String[256];

    static {
        for (int i = 0; i < CPU_IDS.length; i++) {
            CPU_IDS[i] = "C" + i;
        }
    }

    /** A record from a plain or syslog line, already parsed; it gets this host's name and line numbering. */
    void parsed(LogRecord r) {
        record(new LogRecord(source, ++line, key, r.monoTime(), r.wallTime() != null ? r.wallTime()
                : wallTime(lastEpochMicros), r.level(), r.callerId(), r.program(), r.kernel(), r.text()));
    }

    /** ISO-8601 UTC with microseconds, the second's part cached (records come many to a second). */
    private String wallTime(long epochMicros) {
        long second = Math.floorDiv(epochMicros, 1_000_000L);
        if (second != wallSecond) {
            wallSecond = second;
            String t = java.time.Instant.ofEpochSecond(second).toString(); // 2026-12-01T22:10:00Z
            wallPrefix = t.substring(0, t.length() - 1) + ".";
        }
        String micros = Long.toString(Math.floorMod(epochMicros, 1_000_000L) + 1_000_000L).substring(1);
        return wallPrefix + micros + "Z";
    }

    private void record(LogRecord r) {
        records++;
        active = true;
        sink.record(this, r);
    }

    /** msgid counts every message the target sent; missing = the span seen minus the distinct ids received. */
    private void countMsgid(long id) {
        if (id < 0) {
            return;
        }
        if (msgidLastRaw < 0) {
            msgidFirst = id;
            msgidLast = id;
        } else {
            // a 32-bit counter that wraps: step by the signed 32-bit difference
            int delta = (int) (id - msgidLastRaw);
            if (delta == 0) {
                msgidDuplicates++;
                return;
            }
            long value = msgidPrev + delta;
            msgidLast = Math.max(msgidLast, value);
            msgidFirst = Math.min(msgidFirst, value);
            msgidPrev = value;
        }
        if (msgidLastRaw < 0) {
            msgidPrev = id;
        }
        msgidLastRaw = id;
        msgidCount++;
        msgidMissing = Math.max(0, msgidLast - msgidFirst + 1 - msgidCount);
    }

    private void resetMsgids() {
        msgidFirst = -1;
        msgidLast = -1;
        msgidLastRaw = -1;
        msgidCount = 0;
        // what went missing before the reboot stays counted
        msgidMissingBefore += msgidMissing;
        msgidMissing = 0;
    }

    private long msgidMissingBefore;

    long msgidMissingTotal() {
        return msgidMissingBefore + msgidMissing;
    }
}
