package dev.crashtriage.signature;

import dev.crashtriage.input.LogRecord;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What the streamed selections saw, split into one segment per boot as the kernel layer's boot model
 * ({@link dev.crashtriage.kernel.BootTracker}) assigns records to boots, so that boot-scoped signatures
 * are judged per boot. Everything is
 * bounded: evidence per segment, a window deque no longer than the count asked for, and segments.
 */
final class StreamState {
    static final int EVIDENCE_PER_SEGMENT = 16;
    /** Past this many banners the last segment absorbs the rest (a pathological log of reboots). */
    static final int MAX_SEGMENTS = 1024;

    private final Tally[][] tallies;
    private final Found[][] versions;
    private final List<Long> segmentStarts = new ArrayList<>();
    private boolean seenRecord;
    private LogRecord current;

    /** One lines selection within one segment. */
    static final class Tally {
        long count;
        long timed;
        boolean windowMet;
        final List<Evidence> evidence = new ArrayList<>(4);
        ArrayDeque<Double> window;
        LogRecord last;
        /** Incident-bound selections: every match with its time, bounded (the first ones and the latest ones). */
        List<Hit> firstHits;
        ArrayDeque<Hit> lastHits;
        /** The matches of the last stretch of the stream, which an incident closed later may still need. */
        ArrayDeque<Hit> recent;
        /** Matches near an incident (within the widest window before or after it), kept whatever the other bounds. */
        List<Hit> pinned;
        long lastPinnedLine = Long.MIN_VALUE;
        /** Whether recent's lines only grow (they do in a stream), so the hits pin would take are its tail. */
        boolean recentInLineOrder = true;

        /** hits() as last built; dropped whenever a kept hit is added or removed. */
        private List<Hit> hitsInLineOrder;

        /**
         * The kept hits in line order, each once. Built once per change: every incident of a boot reads the same
         * tallies when its before/after/around selections are judged.
         */
        List<Hit> hits() {
            if (hitsInLineOrder == null) {
                hitsInLineOrder = java.util.Collections.unmodifiableList(keptHits());
            }
            return hitsInLineOrder;
        }

        private List<Hit> keptHits() {
            java.util.TreeMap<Long, Hit> byLine = new java.util.TreeMap<>();
            for (Iterable<Hit> part : java.util.Arrays.<Iterable<Hit>>asList(firstHits, pinned, lastHits)) {
                if (part != null) {
                    for (Hit h : part) {
                        byLine.putIfAbsent(h.evidence().line(), h);
                    }
                }
            }
            return new ArrayList<>(byLine.values());
        }

        boolean pinnedFull() {
            return pinned != null && pinned.size() >= MAX_PINNED;
        }

        void pin(Hit h) {
            if (h.evidence().line() <= lastPinnedLine) {
                return;
            }
            if (pinned == null) {
                pinned = new ArrayList<>();
            }
            if (pinned.size() < MAX_PINNED) {
                hitsInLineOrder = null;
                pinned.add(h);
                lastPinnedLine = h.evidence().line();
            }
        }
    }

    /** One match of an incident-bound selection: the line and its time in seconds (NaN without one). */
    record Hit(Evidence evidence, double seconds) {
    }

    /** Hits kept per selection and segment: the first ones, then a window of the latest ones. */
    static final int FIRST_HITS = 64;
    static final int LAST_HITS = 192;
    /**
     * Beside those, the hits near incidents (pinned when the kernel layer closes one) are kept, so a long boot's
     * middle keeps what its incidents need: up to this many per selection and segment, and up to
     * {@value #MAX_RECENT} recent ones waiting for an incident that has not closed yet.
     */
    static final int MAX_PINNED = 4096;
    static final int MAX_RECENT = 4096;
    /** Recent hits stay at least this many lines (an incident closes when its report ends). */
    static final long RECENT_LINES = 2048;
    /** Without kernel times, hits this many lines after an incident are pinned. */
    static final long UNTIMED_AFTER_LINES = 2000;

    /** The catalogue's widest before/after/around window; recent hits are kept for twice as long. */
    private final double windowSeconds;
    private double pinUntilSeconds = Double.NEGATIVE_INFINITY;
    private long pinUntilLine = Long.MIN_VALUE;

    /** A version a pattern extracted, and the line it came from. */
    record Found(String version, Evidence line) {
    }

    StreamState(int linesSelections, int versionSelections, double windowSeconds) {
        this.tallies = new Tally[linesSelections][];
        this.versions = new Found[versionSelections][];
        this.windowSeconds = windowSeconds;
    }

    /**
     * An incident closed: the recent hits within the widest window before its start are pinned, and the hits that
     * come within that window after its end (or, without times, within {@value #UNTIMED_AFTER_LINES} lines) will be.
     */
    void incidentHeard(double startSeconds, double endSeconds, long endLine) {
        int seg = segment();
        for (Tally[] perSeg : tallies) {
            Tally t = perSeg == null || seg < 0 || seg >= perSeg.length ? null : perSeg[seg];
            if (t == null || t.recent == null) {
                continue;
            }
            if (t.pinnedFull()) {
                continue;
            }
            // recent is in line order and pin refuses lines up to the last pinned one: only the hits after it can be
            // pinned, so walk back to it instead of over the whole deque for every incident of a crash-dense log
            List<Hit> fresh = new ArrayList<>();
            for (Iterator<Hit> back = t.recent.descendingIterator(); back.hasNext(); ) {
                Hit h = back.next();
                if (h.evidence().line() <= t.lastPinnedLine && t.recentInLineOrder) {
                    break;
                }
                fresh.add(h);
            }
            for (int k = fresh.size() - 1; k >= 0; k--) {
                Hit h = fresh.get(k);
                if (Double.isNaN(startSeconds) || Double.isNaN(h.seconds()) || h.seconds() >= startSeconds - windowSeconds) {
                    t.pin(h);
                }
            }
        }
        if (!Double.isNaN(endSeconds)) {
            pinUntilSeconds = Math.max(pinUntilSeconds, endSeconds + windowSeconds);
        }
        pinUntilLine = Math.max(pinUntilLine, endLine + UNTIMED_AFTER_LINES);
    }

    private int lastBoot = -1;

    /** @param boot the record's boot index as the kernel layer decided it */
    void beginRecord(LogRecord r, int boot) {
        current = r;
        if (!seenRecord) {
            seenRecord = true;
            segmentStarts.add(r.line());
        } else if (boot != lastBoot && segmentStarts.size() < MAX_SEGMENTS) {
            segmentStarts.add(r.line());
        }
        lastBoot = boot;
    }

    private int segment() {
        return segmentStarts.size() - 1;
    }

    void lineMatched(int selection, Selection.Lines sel, LogRecord r) {
        Tally t = tally(selection, segment(), true);
        if (t.last == r) {
            return; // two patterns of one selection on the same line count once
        }
        t.last = r;
        t.count++;
        if (t.evidence.size() < EVIDENCE_PER_SEGMENT) {
            t.evidence.add(new Evidence(r.source(), r.line(), r.text()));
        }
        if (sel.where() != null) {
            Hit h = new Hit(new Evidence(r.source(), r.line(), r.text()), RecordTime.seconds(r));
            if (t.firstHits == null) {
                t.firstHits = new ArrayList<>(4);
            }
            if (t.recent == null) {
                t.recent = new ArrayDeque<>();
            }
            if (!t.recent.isEmpty() && t.recent.peekLast().evidence().line() >= r.line()) {
                t.recentInLineOrder = false; // not seen in a stream; then incidentHeard walks every recent hit
            }
            t.recent.addLast(h);
            // an incident is heard when its report ends (up to a thousand lines after its first), so recent hits stay
            // for twice the widest window and at least RECENT_LINES lines
            while (t.recent.size() > MAX_RECENT || t.recent.peekFirst().evidence().line() < r.line() - RECENT_LINES
                    && !Double.isNaN(h.seconds()) && !Double.isNaN(t.recent.peekFirst().seconds())
                    && t.recent.peekFirst().seconds() < h.seconds() - 2 * windowSeconds) {
                t.recent.removeFirst();
            }
            if (Double.isNaN(h.seconds()) ? r.line() <= pinUntilLine : h.seconds() <= pinUntilSeconds) {
                t.pin(h);
            }
            t.hitsInLineOrder = null;
            if (t.firstHits.size() < FIRST_HITS) {
                t.firstHits.add(h);
            } else {
                if (t.lastHits == null) {
                    t.lastHits = new ArrayDeque<>();
                }
                if (t.lastHits.size() == LAST_HITS) {
                    t.lastHits.removeFirst();
                }
                t.lastHits.addLast(h);
            }
        } else if (sel.withinSeconds() > 0) {
            windowed(t, r, sel.atLeast(), sel.withinSeconds());
        }
    }

    /** Keeps only the last atLeast match times: the count is met iff they span no more than the window. */
    private static void windowed(Tally t, LogRecord r, int atLeast, double within) {
        double s = RecordTime.seconds(r);
        if (Double.isNaN(s)) {
            return;
        }
        t.timed++;
        if (t.window == null) {
            t.window = new ArrayDeque<>(Math.min(atLeast, 64));
        }
        t.window.addLast(s);
        if (t.window.size() > atLeast) {
            t.window.removeFirst();
        }
        if (t.window.size() == atLeast && t.window.peekLast() - t.window.peekFirst() <= within) {
            t.windowMet = true;
        }
    }

    void versionCandidate(SignatureEngine.PatternSlot slot, LogRecord r) {
        int seg = segment();
        Found[] perSeg = versions[slot.selectionIndex()];
        if (perSeg != null && seg < perSeg.length && perSeg[seg] != null) {
            return; // the first version seen counts
        }
        com.google.re2j.Matcher m = slot.pattern().regex().matcher(r.text());
        if (m.find() && m.group(1) != null) {
            if (perSeg == null || seg >= perSeg.length) {
                Found[] grown = new Found[Math.max(seg + 1, perSeg == null ? 1 : perSeg.length * 2)];
                if (perSeg != null) {
                    System.arraycopy(perSeg, 0, grown, 0, perSeg.length);
                }
                versions[slot.selectionIndex()] = grown;
                perSeg = grown;
            }
            perSeg[seg] = new Found(m.group(1), new Evidence(r.source(), r.line(), r.text()));
        }
    }

    private Tally tally(int selection, int seg, boolean create) {
        Tally[] perSeg = tallies[selection];
        if (perSeg == null || seg >= perSeg.length) {
            if (!create) {
                return null;
            }
            Tally[] grown = new Tally[Math.max(seg + 1, perSeg == null ? 1 : perSeg.length * 2)];
            if (perSeg != null) {
                System.arraycopy(perSeg, 0, grown, 0, perSeg.length);
            }
            tallies[selection] = grown;
            perSeg = grown;
        }
        Tally t = perSeg[seg];
        if (t == null && create) {
            t = new Tally();
            perSeg[seg] = t;
        }
        return t;
    }

    LogRecord current() {
        return current;
    }

    // ---- reading the state back, for a line range (a boot) or the whole stream ----

    int segments() {
        return segmentStarts.size();
    }

    /** Segments whose line range overlaps [from, to]. */
    List<Integer> segmentsOverlapping(long from, long to) {
        List<Integer> out = new ArrayList<>();
        for (int s = 0; s < segmentStarts.size(); s++) {
            long start = segmentStarts.get(s);
            long end = s + 1 < segmentStarts.size() ? segmentStarts.get(s + 1) - 1 : Long.MAX_VALUE;
            if (start <= to && end >= from) {
                out.add(s);
            }
        }
        return out;
    }

    Tally tallyAt(int selection, int seg) {
        return tally(selection, seg, false);
    }

    Found versionAt(int selection, int seg) {
        Found[] perSeg = versions[selection];
        return perSeg == null || seg >= perSeg.length ? null : perSeg[seg];
    }
}
