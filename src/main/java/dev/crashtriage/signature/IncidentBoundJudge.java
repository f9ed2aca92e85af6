package dev.crashtriage.signature;

import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.BootSession;
import dev.crashtriage.kernel.DeviceNames;
import dev.crashtriage.kernel.Facts;
import dev.crashtriage.kernel.Frame;
import dev.crashtriage.kernel.FrameParser;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.kernel.IncidentKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Judges one incident-bound signature for one incident it may explain: every selection looks where
 * it says relative to that incident (its own lines and stack, the same boot before or after it, or
 * the host's platform, versions and modules), and the finding cites exactly the evidence of the
 * selections that made it match, plus the incident's first line.
 */
final class IncidentBoundJudge {
    private static final int EVIDENCE_PER_SELECTION = 16;

    private final FindingBuilder builder;
    private final Signature signature;
    private final Incident anchor;
    private final BootSession boot;
    private final double start;
    private final double end;
    private final Map<String, Result> results = new HashMap<>();

    /** What one selection found for the anchor. */
    private record Result(boolean present, List<Evidence> evidence, List<Incident> incidents) {
        static final Result ABSENT = new Result(false, List.of(), List.of());

        static Result of(List<Evidence> evidence) {
            return evidence == null ? ABSENT : new Result(true, evidence, List.of());
        }
    }

    IncidentBoundJudge(FindingBuilder builder, Signature signature, Incident anchor) {
        this.builder = builder;
        this.signature = signature;
        this.anchor = anchor;
        this.boot = builder.bootOf(anchor);
        this.start = anchor.lines().isEmpty() ? Double.NaN : RecordTime.seconds(anchor.lines().get(0));
        this.end = anchor.lines().isEmpty() ? Double.NaN : RecordTime.seconds(anchor.lines().get(anchor.lines().size() - 1));
    }

    Finding judge() {
        Predicate<String> present = name -> result(name).present();
        if (!signature.condition().test(present)) {
            return null;
        }
        Score score = Score.of(signature, present);
        Set<String> cited = score.cited();
        Set<String> explaining = score.explaining();
        double confidence = score.confidence();
        List<String> raised = score.raised();
        List<String> missing = score.missing();
        List<String> lowered = score.lowered();

        Map<String, Evidence> evidence = new LinkedHashMap<>();
        if (!anchor.lines().isEmpty()) {
            LogRecord head = anchor.lines().get(0);
            evidence.put(head.source() + ":" + head.line(), new Evidence(head.source(), head.line(), head.text()));
        }
        Set<Incident> explained = new LinkedHashSet<>();
        explained.add(anchor);
        for (String name : cited) {
            Result r = result(name);
            if (r.present()) {
                for (Evidence e : r.evidence()) {
                    evidence.putIfAbsent(e.source() + ":" + e.line(), e);
                }
                if (explaining.contains(name)) {
                    // a signature explains incidents of the kinds it declares; others are only its evidence
                    for (Incident j : r.incidents()) {
                        if (signature.explains().contains(j.kind().id())) {
                            explained.add(j);
                        }
                    }
                }
            }
        }
        List<Evidence> sorted = new ArrayList<>(evidence.values());
        sorted.sort(Comparator.comparingLong(Evidence::line));
        if (sorted.size() > FindingBuilder.MAX_EVIDENCE) {
            sorted = new ArrayList<>(sorted.subList(0, FindingBuilder.MAX_EVIDENCE));
        }
        List<Incident> inc = new ArrayList<>(explained);
        inc.sort(Comparator.comparingLong(Incident::line));
        long first = sorted.isEmpty() ? anchor.line() : Math.min(sorted.get(0).line(), inc.get(0).line());
        Incident cause = precedent();
        Map<String, String> causedBy = cause == null ? Map.of() : Map.of(anchor.id(), cause.id());
        return new Finding(signature.id(), confidence, List.copyOf(sorted), inc.stream().map(Incident::id).toList(),
                first, List.copyOf(raised), List.copyOf(missing), List.copyOf(lowered), causedBy, severity(present));
    }

    /** The first severity_when rule that holds (its evidence is cited too, being why), or null. */
    private Severity severity(Predicate<String> present) {
        for (Signature.SeverityRule r : signature.severityWhen()) {
            if (r.test().test(present)) {
                return r.severity();
            }
        }
        return null;
    }

    private Result result(String name) {
        Result r = results.get(name);
        if (r == null) {
            Selection sel = signature.selections().get(name);
            r = sel == null ? Result.ABSENT : decide(sel);
            results.put(name, r);
        }
        return r;
    }

    private Result decide(Selection sel) {
        if (sel instanceof Selection.Lines l) {
            if (l.where() == Where.INCIDENT) {
                return Result.of(builder.linesOf(l, anchor));
            }
            if (l.where() == Where.HOST) {
                return Result.of(builder.hostLines(l));
            }
            return nearbyLines(l);
        }
        if (sel instanceof Selection.Frames f) {
            List<Frame> hit = FindingBuilder.IncidentRule.matchFrames(f.rule(), builder.framesOf(anchor), anchor.guiltyFrame());
            return hit == null ? Result.ABSENT : new Result(true, frameLines(anchor, hit), List.of());
        }
        if (sel instanceof Selection.IncidentMatch im) {
            return im.where() == Where.INCIDENT ? self(im) : nearbyIncidents(im);
        }
        if (sel instanceof Selection.Modules m) {
            return modules(m);
        }
        return Result.of(builder.versionFor((Selection.Version) sel, boot));
    }

    /** The explained incident itself against an incident selection. */
    private Result self(Selection.IncidentMatch im) {
        String frame = FindingBuilder.IncidentRule.matches(im, anchor);
        if (frame == null) {
            return Result.ABSENT;
        }
        List<Evidence> ev = new ArrayList<>();
        if (im.frames() != null) {
            List<Frame> hit = FindingBuilder.IncidentRule.matchFrames(im.frames(), builder.framesOf(anchor), anchor.guiltyFrame());
            if (hit != null) {
                ev.addAll(frameLines(anchor, hit));
            }
        }
        return new Result(true, ev, List.of());
    }

    /** Other incidents of the same boot, placed as the selection says. */
    private Result nearbyIncidents(Selection.IncidentMatch im) {
        List<Incident> matched = new ArrayList<>();
        List<Evidence> ev = new ArrayList<>();
        int wantBoot = im.where() == Where.PREVIOUS_BOOT ? anchor.boot() - 1 : anchor.boot();
        // only a before (after) incident's first line can precede (follow) the anchor's: the index narrows to those
        long afterLine = im.where() == Where.AFTER ? anchor.endLine() : Long.MIN_VALUE;
        long beforeLine = im.where() == Where.BEFORE ? anchor.line() : Long.MAX_VALUE;
        for (BootIncidentIndex.Entry e : builder.incidentIndex().candidates(anchor.source(), wantBoot, im.kinds(),
                afterLine, beforeLine)) {
            Incident j = e.incident();
            if (j == anchor || !placed(im.where(), im.withinSeconds(), j.line(), j.endLine(), e.firstSeconds(),
                    e.lastSeconds())) {
                continue;
            }
            if (FindingBuilder.IncidentRule.matches(im, j) == null) {
                continue;
            }
            matched.add(j);
            if (ev.size() < EVIDENCE_PER_SELECTION) {
                LogRecord head = j.lines().get(0);
                ev.add(new Evidence(head.source(), head.line(), head.text()));
            }
        }
        return matched.isEmpty() ? Result.ABSENT : new Result(true, ev, matched);
    }

    /** Streamed lines of the same boot, placed as the selection says, at least as many as it asks. */
    private Result nearbyLines(Selection.Lines l) {
        Integer idx = builder.engine().stateIndex.get(l);
        if (idx == null) {
            return Result.ABSENT;
        }
        BootSession in = l.where() == Where.PREVIOUS_BOOT ? builder.bootAt(anchor.boot() - 1) : boot;
        if (l.where() == Where.PREVIOUS_BOOT && in == null) {
            return Result.ABSENT;
        }
        long from = in == null ? Long.MIN_VALUE : in.line();
        long to = in == null ? Long.MAX_VALUE : in.endLine();
        List<Evidence> ev = new ArrayList<>();
        int count = 0;
        for (int seg : builder.segmentsFor(in)) {
            StreamState.Tally t = builder.state().tallyAt(idx, seg);
            if (t == null) {
                continue;
            }
            for (StreamState.Hit h : t.hits()) {
                Evidence e = h.evidence();
                if (e.line() < from || e.line() > to || !e.source().equals(anchor.source())
                        || !placed(l.where(), l.withinSeconds(), e.line(), e.line(), h.seconds(), h.seconds())) {
                    continue;
                }
                count++;
                ev.add(e);
            }
        }
        if (count < l.atLeast()) {
            return Result.ABSENT;
        }
        if (ev.size() > EVIDENCE_PER_SELECTION) {
            // before an incident the latest lines matter most; after it, the first ones
            ev = l.where() == Where.BEFORE ? ev.subList(ev.size() - EVIDENCE_PER_SELECTION, ev.size())
                    : ev.subList(0, EVIDENCE_PER_SELECTION);
        }
        return new Result(true, List.copyOf(ev), List.of());
    }

    /**
     * Whether something spanning lines [from, to] with times [tFrom, tTo] stands where a selection looks
     * relative to the anchor. Without times on either side the window cannot be judged and the boot bounds it.
     */
    private boolean placed(Where where, double within, long from, long to, double tFrom, double tTo) {
        boolean timed = within > 0 && !Double.isNaN(start) && !Double.isNaN(end) && !Double.isNaN(tFrom) && !Double.isNaN(tTo);
        switch (where) {
            case BEFORE:
                return to < anchor.line() && (!timed || (start - tTo <= within && start - tTo >= -1));
            case AFTER:
                return from > anchor.endLine() && (!timed || (tFrom - end <= within && tFrom - end >= -1));
            case AROUND:
                if (to < anchor.line()) {
                    return !timed || start - tTo <= within;
                }
                if (from > anchor.endLine()) {
                    return !timed || tFrom - end <= within;
                }
                return true;
            case BOOT:
            case PREVIOUS_BOOT:
                return true;
            default:
                return false;
        }
    }

    private Result modules(Selection.Modules m) {
        Set<String> loaded = new LinkedHashSet<>();
        if (builder.extraction().facts() != null) {
            for (String mod : builder.extraction().facts().modules()) {
                loaded.add(moduleName(mod));
            }
        }
        for (String mod : anchor.modules()) {
            loaded.add(moduleName(mod));
        }
        for (Frame f : anchor.frames()) {
            if (f.module() != null) {
                loaded.add(f.module());
            }
        }
        for (String want : m.modules()) {
            if (!loaded.contains(want)) {
                return Result.ABSENT;
            }
        }
        List<Evidence> ev = new ArrayList<>();
        for (LogRecord r : anchor.lines()) {
            if (r.text().contains("Modules linked in")) {
                ev.add(new Evidence(r.source(), r.line(), r.text()));
                break;
            }
        }
        return new Result(true, ev, List.of());
    }

    /** "tg3(OE)" and "[tg3]" name the module tg3. */
    private static String moduleName(String listed) {
        String s = listed.strip();
        int paren = s.indexOf('(');
        if (paren > 0) {
            s = s.substring(0, paren);
        }
        if (s.startsWith("[") && s.endsWith("]") && s.length() > 2) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** The anchor's lines parsed into frames, once (several selections cite frames). */
    private List<List<Frame>> parsedLines;

    /** The report lines the matched frames were printed on, each frame on its own line. */
    private List<Evidence> frameLines(Incident i, List<Frame> frames) {
        if (parsedLines == null) {
            parsedLines = new ArrayList<>(i.lines().size());
            for (LogRecord r : i.lines()) {
                parsedLines.add(FrameParser.parse(r.text(), null));
            }
        }
        List<Evidence> out = new ArrayList<>();
        Set<Integer> used = new java.util.HashSet<>();
        for (Frame want : frames) {
            for (int k = 0; k < parsedLines.size(); k++) {
                if (used.contains(k) && !parsedLines.get(k).isEmpty() && parsedLines.get(k).size() == 1) {
                    continue;
                }
                boolean found = false;
                for (Frame f : parsedLines.get(k)) {
                    if (Objects.equals(f.function(), want.function()) && Objects.equals(f.offset(), want.offset())
                            && Objects.equals(f.module(), want.module())) {
                        found = true;
                        break;
                    }
                }
                if (found) {
                    used.add(k);
                    LogRecord r = i.lines().get(k);
                    out.add(new Evidence(r.source(), r.line(), r.text()));
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The earlier incident a {@code preceded_by} entry names as this incident's cause, or null: the latest one that
     * shares a device with it (jbd2/sda2-8's hang and ata1.00's resets on sda), else the latest one that is not
     * removable media (a scratched disc in sr0 blocks no filesystem's journal).
     */
    private Incident precedent() {
        if (signature.precededBy().isEmpty()) {
            return null;
        }
        Incident bound = null;
        Incident latest = null;
        // only an earlier incident of the same input and boot, of a kind some entry names, can be the precedent: the
        // index gives exactly those, in extraction order, instead of a scan of every incident for every finding
        Set<IncidentKind> kinds = EnumSet.noneOf(IncidentKind.class);
        for (Signature.Precedent p : signature.precededBy()) {
            kinds.addAll(p.kinds());
        }
        if (kinds.isEmpty()) {
            return null; // no entry names a kind: causes() refuses every incident
        }
        for (BootIncidentIndex.Entry e : builder.incidentIndex().candidates(anchor.source(), anchor.boot(), kinds,
                Long.MIN_VALUE, anchor.line())) {
            Incident j = e.incident();
            if (j == anchor || j.line() >= anchor.line()) {
                continue;
            }
            for (Signature.Precedent p : signature.precededBy()) {
                if (causes(p, j)) {
                    if (DeviceNames.shareDevice(anchor, j) && (bound == null || j.line() > bound.line())) {
                        bound = j;
                    }
                    if (!Integer.valueOf(1).equals(j.fact(Facts.REMOVABLE)) && (latest == null || j.line() > latest.line())) {
                        latest = j;
                    }
                }
            }
        }
        return bound != null ? bound : latest;
    }

    private boolean causes(Signature.Precedent p, Incident j) {
        if (!p.kinds().contains(j.kind())) {
            return false;
        }
        double tj = RecordTime.seconds(j.lines().get(0));
        if (!Double.isNaN(tj) && !Double.isNaN(start) && (start - tj > p.withinSeconds() || start - tj < -1)) {
            return false;
        }
        for (String fact : p.same()) {
            Object a = anchor.facts().get(fact);
            Object b = j.facts().get(fact);
            if (a != null && b != null && !a.toString().equals(b.toString())) {
                return false;
            }
        }
        for (FactCondition f : p.facts()) {
            if (!f.test(j.facts())) {
                return false;
            }
        }
        return true;
    }
}
