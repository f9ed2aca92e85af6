package dev.crashtriage.signature;

import com.google.re2j.Pattern;
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

    private BootSession bootOf(Incident i) {
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
        Set<String> cited = new LinkedHashSet<>();
        s.condition().names(cited);
        double confidence = s.base();
        List<String> raised = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> lowered = new ArrayList<>();
        for (Signature.Adjustment a : s.raise()) {
            if (a.test().test(present)) {
                confidence += a.by();
                raised.add(a.when());
                a.test().names(cited);
            } else {
                missing.add(a.when());
            }
        }
        for (Signature.Adjustment a : s.lower()) {
            if (a.test().test(present)) {
                confidence -= a.by();
                lowered.add(a.when());
                a.test().names(cited);
            }
        }
        confidence = Math.max(0, Math.min(1, confidence));

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
            List<String> fns = new ArrayList<>();
            for (Frame f : i.frames()) {
                if (f.function() != null && (!rule.reliableOnly() || f.reliable())) {
                    fns.add(f.function());
                }
            }
            String cite = null;
            if (!rule.any().isEmpty()) {
                for (String fn : fns) {
                    if (anyFinds(rule.any(), fn)) {
                        cite = fn;
                        break;
                    }
                }
                if (cite == null) {
                    return null;
                }
            }
            for (Pattern p : rule.all()) {
                String hit = null;
                for (String fn : fns) {
                    if (p.matcher(fn).find()) {
                        hit = fn;
                        break;
                    }
                }
                if (hit == null) {
                    return null;
                }
                cite = cite == null ? hit : cite;
            }
            if (!rule.sequence().isEmpty()) {
                int k = 0;
                String firstHit = null;
                for (String fn : fns) {
                    if (k < rule.sequence().size() && rule.sequence().get(k).matcher(fn).find()) {
                        firstHit = firstHit == null ? fn : firstHit;
                        k++;
                    }
                }
                if (k < rule.sequence().size()) {
                    return null;
                }
                cite = cite == null ? firstHit : cite;
            }
            return cite == null ? "" : cite;
        }

        private static boolean anyFinds(List<Pattern> ps, String fn) {
            for (Pattern p : ps) {
                if (p.matcher(fn).find()) {
                    return true;
                }
            }
            return false;
        }
    }
}
