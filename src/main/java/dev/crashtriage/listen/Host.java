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
            }
        });
    }

    /** Writes a datagram to the raw log, if there is one; a write error is counted and reported, never fatal. */
    void capture(Datagram d) {
        datagrams++;
        bytes += d.data().length;
        lastNanos = d.nanos();
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
        if (log != null) {
            try {
                log.flush(true);
            } catch (IOException e) {
                logErrors++;
            }
        }
    }

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
                        held.msgid(), held.missingBytes() + m.missingBytes(), m.nanos(), List.of());
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
        record(m.header().record(source, ++line, key, m.text()));
        emitMore(m);
    }

    private void emitMore(NetconsoleMessage m) {
        for (String t : m.moreText()) {
            record(m.header().record(source, ++line, key, t));
        }
    }

    /** A record from a plain or syslog line, already parsed; it gets this host's name and line numbering. */
    void parsed(LogRecord r) {
        record(new LogRecord(source, ++line, key, r.monoTime(), r.wallTime(), r.level(), r.callerId(), r.program(),
                r.kernel(), r.text()));
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
