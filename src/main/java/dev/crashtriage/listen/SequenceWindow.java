package dev.crashtriage.listen;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Puts one host's extended netconsole messages back in sequence-number order. A message that arrives ahead of a
 * gap waits until the gap fills, until {@code slots} messages wait, or until the oldest has waited
 * {@code maxWaitNanos} (netconsd's defaults are 512 slots and 200 ms); then the gap is given up on and counted.
 * A message that fills a gap already given up on is delivered late (and the gap count corrected); one seen
 * already (same number and time) is a duplicate, counted and dropped. A number below what was delivered that is
 * neither, or a time that runs backwards against the sequence, means the host rebooted: everything waiting is
 * delivered, then {@link Out#reset()}, and counting starts again.
 *
 * <p>Not every sequence gap is a loss: records below the console loglevel take a number but never reach a
 * console. When the target sends netconsole's {@code msgid} sysdata (a counter of messages actually sent,
 * Documentation/networking/netconsole.rst), a message whose msgid follows the last one's is delivered at once and
 * the skipped numbers are counted as not sent rather than waited for.
 */
final class SequenceWindow {
    /** Where ordered messages go. */
    interface Out {
        void message(NetconsoleMessage m, boolean late);

        /** The host's sequence started again: a new boot. */
        void reset();
    }

    /** How far back given-up numbers and delivered (number, time) pairs are remembered. */
    private static final int MEMORY = 4096;
    /** A boot's timestamps only grow with the sequence number; a step back of more than this is a new boot. */
    private static final long TIME_BACK_MICROS = 1_000_000;

    private final int slots;
    private final long maxWaitNanos;
    private final Out out;
    private final TreeMap<Long, NetconsoleMessage> waiting = new TreeMap<>();
    private final Set<Long> givenUp = new HashSet<>();
    private final ArrayDeque<Long> givenUpOrder = new ArrayDeque<>();
    private final long[] recentSeq = new long[MEMORY];
    private final long[] recentUsec = new long[MEMORY];
    private long next = -1;
    private long lastUsec = -1;
    private long lastSeq = -1;

    private long gaps;
    private long late;
    private long duplicates;
    private long resets;
    private long reordered;
    private long notSent;
    private long lastMsgid = -1;

    SequenceWindow(int slots, long maxWaitNanos, Out out) {
        this.slots = slots;
        this.maxWaitNanos = maxWaitNanos;
        this.out = out;
        java.util.Arrays.fill(recentSeq, -1);
    }

    void add(NetconsoleMessage m) {
        long s = m.seq();
        if (next < 0) {
            next = s;
        }
        if (s >= next) {
            if (lastSeq >= 0 && s > lastSeq && m.header().usec() < lastUsec - TIME_BACK_MICROS) {
                reset();
                next = s;
            } else if (s > next && waiting.isEmpty() && follows(m.msgid())) {
                // the sender's msgid counter says nothing was sent in between: the console skipped those records
                // (console_loglevel), they are not lost and not worth waiting for
                notSent += s - next;
                next = s;
            } else if (s >= next + slots * 4L) {
                // far ahead: a reboot into a higher number is impossible to tell from a long loss; both lose the
                // same messages, and the time check above catches the reboot when its clock is younger
                skipTo(s);
            }
            if (s == next) {
                deliver(m, false);
                next = s + 1;
                drain();
            } else if (!waiting.containsKey(s)) {
                waiting.put(s, m);
                reordered++;
                if (waiting.size() > slots) {
                    skipTo(waiting.firstKey());
                }
            } else {
                duplicates++;
            }
            return;
        }
        if (givenUp.remove(s)) {
            gaps--;
            late++;
            deliver(m, true);
            return;
        }
        int slot = (int) (s & (MEMORY - 1));
        if (recentSeq[slot] == s && recentUsec[slot] == m.header().usec()) {
            duplicates++;
            return;
        }
        reset();
        next = s;
        deliver(m, false);
        next = s + 1;
    }

    /** Gives up on gaps whose waiting messages are older than the window. */
    void tick(long now) {
        while (!waiting.isEmpty()) {
            long oldest = Long.MAX_VALUE;
            for (Map.Entry<Long, NetconsoleMessage> e : waiting.entrySet()) {
                oldest = Math.min(oldest, e.getValue().nanos());
            }
            if (now - oldest <= maxWaitNanos) {
                return;
            }
            skipTo(waiting.firstKey());
        }
    }

    /** Delivers everything waiting, gaps counted (shutdown, or a reset). */
    void flush() {
        while (!waiting.isEmpty()) {
            skipTo(waiting.firstKey());
        }
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }

    private void reset() {
        flush();
        resets++;
        out.reset();
        givenUp.clear();
        givenUpOrder.clear();
        java.util.Arrays.fill(recentSeq, -1);
        lastSeq = -1;
        lastUsec = -1;
        lastMsgid = -1;
    }

    /** True when msgid is the one right after the last in-order message's (a 32-bit counter that wraps). */
    private boolean follows(long msgid) {
        return msgid >= 0 && lastMsgid >= 0 && ((lastMsgid + 1) & 0xFFFF_FFFFL) == msgid;
    }

    /** Gives up on every number below {@code target} not yet seen, delivering what waits below it, then drains. */
    private void skipTo(long target) {
        while (!waiting.isEmpty() && waiting.firstKey() < target) {
            Map.Entry<Long, NetconsoleMessage> e = waiting.pollFirstEntry();
            giveUp(next, e.getKey());
            deliver(e.getValue(), false);
            next = e.getKey() + 1;
        }
        if (target > next) {
            giveUp(next, target);
            next = target;
        }
        drain();
    }

    private void giveUp(long from, long to) {
        gaps += to - from;
        // only the most recent numbers can still come late enough to matter
        for (long s = Math.max(from, to - MEMORY); s < to; s++) {
            if (givenUp.add(s)) {
                givenUpOrder.add(s);
                if (givenUpOrder.size() > MEMORY) {
                    givenUp.remove(givenUpOrder.poll());
                }
            }
        }
    }

    private void drain() {
        NetconsoleMessage m;
        while ((m = waiting.remove(next)) != null) {
            deliver(m, false);
            next++;
        }
    }

    private void deliver(NetconsoleMessage m, boolean isLate) {
        long s = m.seq();
        int slot = (int) (s & (MEMORY - 1));
        recentSeq[slot] = s;
        recentUsec[slot] = m.header().usec();
        if (!isLate && s > lastSeq) {
            lastSeq = s;
            lastUsec = m.header().usec();
            lastMsgid = m.msgid();
        }
        out.message(m, isLate);
    }

    /** Sequence numbers given up on (never arrived within the window, or not at all). */
    long gaps() {
        return gaps;
    }

    long late() {
        return late;
    }

    long duplicates() {
        return duplicates;
    }

    long resets() {
        return resets;
    }

    /** Sequence numbers the sender's msgid shows it never sent (records below the console loglevel). */
    long notSent() {
        return notSent;
    }

    /** Messages that arrived ahead of a gap and waited. */
    long reordered() {
        return reordered;
    }
}
