package dev.crashtriage.signature;

import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.BootSession;
import dev.crashtriage.kernel.Extraction;
import dev.crashtriage.kernel.Frame;
import dev.crashtriage.kernel.Incident;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges every signature at the end of a stream: splits the stream into the signature's scope
 * units (the whole stream, each boot, each incident), decides each selection there, and turns
 * every unit where the condition holds into a {@link Finding}.
 */
final class FindingBuilder {
    static final int MAX_EVIDENCE = 40;
    private static final int EVIDENCE_PER_SELECTION = 16;

    private final SignatureEngine engine;
    private final StreamState state;
    private final Extraction extraction;
    private final List<BootSession> boots;

    /** Where one signature is judged once. */
    private record Unit(long from, long to, BootSession boot, List<Incident> incidents) {
    }

    /** What one selection found in one unit. */
    private record Result(boolean present, List<Evidence> evidence, List<Incident> matched) {
        static final Result ABSENT = new Result(false, List.of(), List.of());
    }

    FindingBuilder(SignatureEngine engine, StreamState state, Extraction extraction) {
        this.engine = engine;
        this.state = state;
        this.extraction = extraction;
        this.boots = extraction.facts() == null ? List.of() : extraction.facts().boots();
    }

    List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        for (Signature s : engine.signatures()) {
            if (s.scope() == Scope.EXPLAINED) {
                for (Incident i : extraction.incidents()) {
                    if (s.explains().contains(i.kind().id())) {
                        Finding f = new IncidentBoundJudge(this, s, i).judge();
                        if (f != null) {
                            out.add(f);
                        }
                    }
                }
                continue;
            }
            for (Unit u : units(s.scope())) {
                Finding f = judge(s, u);
                if (f != null) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    private List<Unit> units(Scope scope) {
        List<Incident> all = extraction.incidents();
        switch (scope) {
            case BOOT: {
                if (boots.isEmpty()) {
                    return List.of(new Unit(Long.MIN_VALUE, Long.MAX_VALUE, null, all));
                }
                List<Unit> units = new ArrayList<>();
                for (BootSession b : boots) {
                    List<Incident> in = new ArrayList<>();
                    for (Incident i : all) {
                        if (i.boot() == b.index()) {
                            in.add(i);
                        }
                    }
                    units.add(new Unit(b.line(), b.endLine(), b, in));
                }
                return units;
            }
            case INCIDENT: {
                List<Unit> units = new ArrayList<>();
                for (Incident i : all) {
                    units.add(new Unit(i.line(), i.endLine(), bootOf(i), List.of(i)));
                }
                return units;
            }
            default:
                return List.of(new Unit(Long.MIN_VALUE, Long.MAX_VALUE, null, all));
        }
    }

    // ---- what the incident-bound judge reads (IncidentBoundJudge) ----

    private final Map<Incident, List<Frame>> parsedFrames = new java.util.IdentityHashMap<>();

    /**
     * An incident's stack: the frames its detector parsed, or, for a detector that keeps none (an
     * overflow message followed by its stack), the frames of its own lines, parsed the same way.
     */
    List<Frame> framesOf(Incident i) {
        if (!i.frames().isEmpty()) {
            return i.frames();
        }
        return parsedFrames.computeIfAbsent(i, k -> {
            List<Frame> out = new ArrayList<>();
            String section = null;
            for (LogRecord r : k.lines()) {
                String marker = dev.crashtriage.kernel.FrameParser.sectionMarker(r.text());
                if (marker != null) {
                    section = marker.isEmpty() ? null : marker;
                    continue;
                }
                out.addAll(dev.crashtriage.kernel.FrameParser.parse(r.text(), section));
            }
            return List.copyOf(out);
        });
    }

    StreamState state() {
        return state;
    }

    SignatureEngine engine() {
        return engine;
    }

    Extraction extraction() {
        return extraction;
    }

    private BootIncidentIndex incidentIndex;

    /** The extraction's incidents by input, boot and kind, built on first use. */
    BootIncidentIndex incidentIndex() {
        if (incidentIndex == null) {
            incidentIndex = new BootIncidentIndex(extraction.incidents());
        }
        return incidentIndex;
    }

    /** A platform selection: anywhere in the stream. */
    List<Evidence> hostLines(Selection.Lines l) {
        Result r = streamedLines(l, new Unit(Long.MIN_VALUE, Long.MAX_VALUE, null, List.of()));
        return r.present() ? r.evidence() : null;
    }

    /** A version selection judged for the boot an incident is in: the evidence (maybe empty), or null when false. */
    List<Evidence> versionFor(Selection.Version v, BootSession boot) {
        Result r = version(v, new Unit(boot == null ? Long.MIN_VALUE : boot.line(),
                boot == null ? Long.MAX_VALUE : boot.endLine(), boot, List.of()));
        return r.present() ? r.evidence() : null;
    }

    /** Lines of one incident matching a selection, with its count rule: the evidence, or null when absent. */
    List<Evidence> linesOf(Selection.Lines l, Incident i) {
        Result r = linesInIncident(l, i);
        return r.present() ? r.evidence() : null;
    }

    /** The segments of the stream state that overlap a boot (all of them for null). */
    List<Integer> segmentsFor(BootSession b) {
        return segmentsOf(new Unit(0, 0, b, List.of()));
    }

    /**
     * Whether a boot runs another kernel release than the boot before it, both announced by their banners (the
     * releases kernel/BootTracker read once per boot); false when either is unknown or there is no boot before.
     */
    private boolean kernelChanged(BootSession boot) {
        if (boot == null || boot.version() == null || boot.index() == 0) {
            return false;
        }
        BootSession before = bootAt(boot.index() - 1);
        return before != null && before.version() != null && !before.version().equals(boot.version());
    }

    /** The boot with this index, or null. */
    BootSession bootAt(int index) {
        for (BootSession b : boots) {
            if (b.index() == index) {
                return b;
            }
        }
        return null;
    }

    BootSession bootOf(Incident i) {
        for (BootSession b : boots) {
            if (b.index() == i.boot()) {
                return b;
            }
        }
        return null;
    }

    private Finding judge(Signature s, Unit u) {
        Map<String, Result> results = new HashMap<>();
        java.util.function.Predicate<String> present = name -> result(s, u, name, results).present();
        if (!s.condition().test(present)) {
            return null;
        }
        Score score = Score.of(s, present);
        Set<String> cited = score.cited();
        double confidence = score.confidence();
        List<String> raised = score.raised();
        List<String> missing = score.missing();
        List<String> lowered = score.lowered();

        Map<String, Evidence> evidence = new LinkedHashMap<>();
        Set<Incident> explained = new LinkedHashSet<>();
        for (String name : cited) {
            Result r = result(s, u, name, results);
            if (r.present()) {
                for (Evidence e : r.evidence()) {
                    evidence.putIfAbsent(e.source() + ":" + e.line(), e);
                }
                if (s.explains().isEmpty()) {
                    explained.addAll(r.matched());
                }
            }
        }
        List<Evidence> sorted = new ArrayList<>(evidence.values());
        sorted.sort(Comparator.comparingLong(Evidence::line));
        if (sorted.size() > MAX_EVIDENCE) {
            sorted = new ArrayList<>(sorted.subList(0, MAX_EVIDENCE));
        }
        for (Incident i : u.incidents()) {
            if (!s.explains().isEmpty()) {
                if (s.explains().contains(i.kind().id())) {
                    explained.add(i);
                }
            } else {
                for (Evidence e : sorted) {
                    if (e.line() >= i.line() && e.line() <= i.endLine() && e.source().equals(i.source())) {
                        explained.add(i);
                        break;
                    }
                }
            }
        }
        List<Incident> inc = new ArrayList<>(explained);
        inc.sort(Comparator.comparingLong(Incident::line));
        long first = !sorted.isEmpty() ? sorted.get(0).line() : inc.isEmpty() ? 0 : inc.get(0).line();
        return new Finding(s.id(), confidence, List.copyOf(sorted), inc.stream().map(Incident::id).toList(), first,
                List.copyOf(raised), List.copyOf(missing), List.copyOf(lowered));
    }

    private Result result(Signature s, Unit u, String name, Map<String, Result> memo) {
        Result r = memo.get(name);
        if (r == null) {
            Selection sel = s.selections().get(name);
            r = sel == null ? Result.ABSENT : decide(s, sel, u);
            memo.put(name, r);
        }
        return r;
    }

    private Result decide(Signature s, Selection sel, Unit u) {
        if (sel instanceof Selection.Lines l) {
            return s.scope() == Scope.INCIDENT ? linesInIncident(l, u.incidents().get(0)) : streamedLines(l, u);
        }
        if (sel instanceof Selection.IncidentMatch im) {
            return incidents(im, u);
        }
        return version((Selection.Version) sel, u);
    }

    /** Per boot (null: the whole stream), computed once: a log of many reboots has many segments. */
    private final Map<BootSession, List<Integer>> segmentsByBoot = new HashMap<>();

    private List<Integer> segmentsOf(Unit u) {
        return segmentsByBoot.computeIfAbsent(u.boot(), b -> b == null
                ? state.segmentsOverlapping(Long.MIN_VALUE, Long.MAX_VALUE)
                : state.segmentsOverlapping(b.line(), b.endLine()));
    }

    private Result streamedLines(Selection.Lines l, Unit u) {
        int idx = engine.stateIndex.get(l);
        long count = 0;
        long timed = 0;
        boolean windowMet = false;
        List<Evidence> ev = new ArrayList<>();
        for (int seg : segmentsOf(u)) {
            StreamState.Tally t = state.tallyAt(idx, seg);
            if (t == null) {
                continue;
            }
            count += t.count;
            timed += t.timed;
            windowMet |= t.windowMet;
            for (Evidence e : t.evidence) {
                if (e.line() >= u.from() && e.line() <= u.to() && ev.size() < EVIDENCE_PER_SELECTION) {
                    ev.add(e);
                }
            }
        }
        boolean present = l.withinSeconds() > 0
                ? windowMet || (timed == 0 && count >= l.atLeast())
                : count >= l.atLeast();
        return present ? new Result(true, ev, List.of()) : Result.ABSENT;
    }

    private Result linesInIncident(Selection.Lines l, Incident i) {
        long count = 0;
        boolean windowMet = false;
        long timed = 0;
        ArrayDeque<Double> window = new ArrayDeque<>();
        List<Evidence> ev = new ArrayList<>();
        for (LogRecord r : i.lines()) {
            if (l.kernelOnly() && !r.kernel()) {
                continue;
            }
            if (!anyMatches(l.patterns(), r.text())) {
                continue;
            }
            count++;
            if (ev.size() < EVIDENCE_PER_SELECTION) {
                ev.add(new Evidence(r.source(), r.line(), r.text()));
            }
            if (l.withinSeconds() > 0) {
                double t = RecordTime.seconds(r);
                if (!Double.isNaN(t)) {
                    timed++;
                    window.addLast(t);
                    if (window.size() > l.atLeast()) {
                        window.removeFirst();
                    }
                    if (window.size() == l.atLeast() && window.peekLast() - window.peekFirst() <= l.withinSeconds()) {
                        windowMet = true;
                    }
                }
            }
        }
        boolean present = l.withinSeconds() > 0
                ? windowMet || (timed == 0 && count >= l.atLeast())
                : count >= l.atLeast();
        return present ? new Result(true, ev, List.of(i)) : Result.ABSENT;
    }

    private static boolean anyMatches(List<LinePattern> patterns, String text) {
        for (LinePattern p : patterns) {
            List<String> req = p.required();
            if (req != null) {
                boolean found = false;
                for (String lit : req) {
                    if (text.contains(lit)) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    continue;
                }
            }
            if (p.matches(text)) {
                return true;
            }
        }
        return false;
    }

    private Result incidents(Selection.IncidentMatch im, Unit u) {
        List<Incident> matched = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        for (Incident i : u.incidents()) {
            String frame = IncidentRule.matches(im, i);
            if (frame == null) {
                continue;
            }
            matched.add(i);
            if (ev.size() < EVIDENCE_PER_SELECTION && !i.lines().isEmpty()) {
                LogRecord head = i.lines().get(0);
                ev.add(new Evidence(head.source(), head.line(), head.text()));
                if (!frame.isEmpty()) {
                    for (LogRecord r : i.lines()) {
                        if (r != head && r.text().contains(frame)) {
                            ev.add(new Evidence(r.source(), r.line(), r.text()));
                            break;
                        }
                    }
                }
            }
        }
        return matched.isEmpty() ? Result.ABSENT : new Result(true, ev, matched);
    }

    private Result version(Selection.Version v, Unit u) {
        if (v.changedFromPreviousBoot()) {
            return kernelChanged(u.boot()) ? new Result(true, List.of(), List.of()) : Result.ABSENT;
        }
        if (v.bound() == null) {
            return Result.ABSENT;
        }
        if (v.kernel()) {
            String k = u.boot() != null && u.boot().version() != null ? u.boot().version()
                    : extraction.facts() == null ? null : extraction.facts().version();
            return k != null && v.bound().test(k) ? new Result(true, List.of(), List.of()) : Result.ABSENT;
        }
        int idx = engine.stateIndex.get(v);
        for (int seg : segmentsOf(u)) {
            StreamState.Found f = state.versionAt(idx, seg);
            if (f != null) {
                // the first version seen counts, even when it does not satisfy the bound
                return v.bound().test(f.version()) ? new Result(true, List.of(f.line()), List.of()) : Result.ABSENT;
            }
        }
        return Result.ABSENT;
    }

    /** The incident-side rules of an {@code incident} selection. */
    static final class IncidentRule {
        private IncidentRule() {
        }

        /**
         * @return null when the incident does not match; else the name of the frame that matched
         *         (for citing its line), or "" when no frame rule was given
         */
        static String matches(Selection.IncidentMatch im, Incident i) {
            if (!im.kinds().isEmpty() && !im.kinds().contains(i.kind())) {
                return null;
            }
            if (im.title() != null && (i.title() == null || !im.title().matcher(i.title()).find())) {
                return null;
            }
            for (String m : im.modules()) {
                if (!hasModule(i, m)) {
                    return null;
                }
            }
            for (FactCondition f : im.facts()) {
                if (!f.test(i.facts())) {
                    return null;
                }
            }
            if (im.frames() == null) {
                return "";
            }
            return frames(im.frames(), i);
        }

        private static boolean hasModule(Incident i, String m) {
            if (i.modules().contains(m)) {
                return true;
            }
            for (Frame f : i.frames()) {
                if (m.equals(f.module())) {
                    return true;
                }
            }
            return false;
        }

        private static String frames(Selection.FrameRule rule, Incident i) {
            List<Frame> hit = matchFrames(rule, i);
            return hit == null ? null : hit.isEmpty() ? "" : hit.get(0).function();
        }

        /**
         * The frames that satisfy a rule, in the order they made it match (empty when the rule names no
         * frames), or null when the incident's stack does not satisfy it.
         */
        static List<Frame> matchFrames(Selection.FrameRule rule, Incident i) {
            return matchFrames(rule, i.frames(), i.guiltyFrame());
        }

        static List<Frame> matchFrames(Selection.FrameRule rule, List<Frame> stack, String guiltyFrame) {
            List<Frame> frames = new ArrayList<>();
            for (Frame f : stack) {
                if (f.function() == null || !rule.looksAt(f.section()) || (rule.reliableOnly() && !f.reliable())) {
                    continue;
                }
                if (rule.guilty() && !"registers".equals(f.section()) && !f.function().equals(guiltyFrame)) {
                    continue;
                }
                frames.add(f);
            }
            List<Frame> cite = new ArrayList<>();
            if (!rule.any().isEmpty()) {
                List<Frame> hits = new ArrayList<>();
                for (Frame f : frames) {
                    if (anyMatches(rule.any(), f)) {
                        hits.add(f);
                        if (hits.size() >= rule.atLeast() && rule.atLeast() == 1) {
                            break;
                        }
                    }
                }
                if (hits.size() < rule.atLeast()) {
                    return null;
                }
                cite.addAll(hits);
            }
            for (Selection.FramePattern p : rule.all()) {
                Frame hit = null;
                for (Frame f : frames) {
                    if (p.matches(f)) {
                        hit = f;
                        break;
                    }
                }
                if (hit == null) {
                    return null;
                }
                cite.add(hit);
            }
            if (!rule.sequence().isEmpty()) {
                int k = 0;
                List<Frame> seq = new ArrayList<>();
                for (Frame f : frames) {
                    if (k < rule.sequence().size() && rule.sequence().get(k).matches(f)) {
                        seq.add(f);
                        k++;
                    }
                }
                if (k < rule.sequence().size()) {
                    return null;
                }
                cite.addAll(seq);
            }
            return cite;
        }

        private static boolean anyMatches(List<Selection.FramePattern> ps, Frame f) {
            for (Selection.FramePattern p : ps) {
                if (p.matches(f)) {
                    return true;
                }
            }
            return false;
        }
    }
}
