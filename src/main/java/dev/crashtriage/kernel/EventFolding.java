package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One event, one incident: an event detector (stack overflow, machine check, hardware error, NIC watchdog) and the crash-report
 * detector both report an event whose handler prints a generic report of its own, so the same lines become two
 * incidents. The generic report is folded into the event's incident, which keeps its richer kind and title:
 *
 * <ul>
 * <li>a WARNING whose lines hold the event's first line, or that starts inside the event's lines (x86_64's
 *     {@code do_IRQ(): swapper/0 has overflown the kernel stack} is the message of a {@code WARN_ONCE} in
 *     handle_irq: the "cut here" block holds both; {@code NETDEV WATCHDOG: eth0 (tg3): transmit queue 0 timed out}
 *     is dev_watchdog()'s {@code WARN_ONCE});</li>
 * <li>a panic that starts inside the event's lines or right after them ({@code Kernel panic - not syncing: Fatal
 *     machine check} ends mce_panic()'s report; riscv's overflow handler prints its registers, then
 *     {@code panic("Kernel stack overflow")}): the event is then marked {@code panicked}.</li>
 * </ul>
 *
 * A generic report that merely comes later (an unrelated WARNING a few seconds after a corrected machine check, a
 * panic after a gap) stays its own incident.
 */
final class EventFolding {
    /** Kinds whose incident tells the event; their handlers print a generic WARNING or panic as part of it. */
    private static final Set<IncidentKind> EVENTS = EnumSet.of(IncidentKind.STACK_OVERFLOW, IncidentKind.MACHINE_CHECK,
            IncidentKind.HARDWARE_ERROR, IncidentKind.NIC_TX_TIMEOUT);
    /** A panic this many lines after an event's last line is still the event's own end ("SMP: stopping" lines between). */
    private static final int PANIC_FOLLOW_LINES = 3;

    private EventFolding() {
    }

    /** Whether an incident of this kind may be an event or an event's own report, to be held for folding. */
    static boolean mayFold(IncidentKind kind) {
        return EVENTS.contains(kind) || kind == IncidentKind.WARNING || kind == IncidentKind.PANIC;
    }

    /** The incidents (ordered by first line) with each event's own generic report folded into it. */
    static List<Incident> fold(List<Incident> incidents) {
        List<Incident> events = new ArrayList<>();
        for (Incident i : incidents) {
            if (EVENTS.contains(i.kind())) {
                events.add(i);
            }
        }
        if (events.isEmpty()) {
            return incidents;
        }
        Map<Incident, List<Incident>> absorbed = new IdentityHashMap<>();
        Set<Incident> folded = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Incident r : incidents) {
            Incident into = eventOf(r, events);
            if (into != null) {
                absorbed.computeIfAbsent(into, k -> new ArrayList<>()).add(r);
                folded.add(r);
            }
        }
        if (folded.isEmpty()) {
            return incidents;
        }
        List<Incident> out = new ArrayList<>(incidents.size() - folded.size());
        for (Incident i : incidents) {
            if (folded.contains(i)) {
                continue;
            }
            List<Incident> parts = absorbed.get(i);
            out.add(parts == null ? i : merge(i, parts));
        }
        out.sort(Comparator.comparingLong(Incident::line).thenComparingLong(Incident::endLine));
        return out;
    }

    /**
     * The event a generic report belongs to, or null. A report that starts inside an event's lines belongs to it
     * before one that merely holds the event's first line, so a panic's trailing lines that run into the next
     * event's "cut here" block do not pull the panic there.
     */
    private static Incident eventOf(Incident r, List<Incident> events) {
        if (r.kind() != IncidentKind.WARNING && r.kind() != IncidentKind.PANIC) {
            return null;
        }
        for (Incident e : events) {
            long reach = r.kind() == IncidentKind.PANIC ? e.endLine() + PANIC_FOLLOW_LINES : e.endLine();
            if (sameStream(r, e) && r.line() >= e.line() && r.line() <= reach) {
                return e;
            }
        }
        if (r.kind() == IncidentKind.WARNING) {
            for (Incident e : events) {
                if (sameStream(r, e) && e.line() >= r.line() && e.line() <= r.endLine()) {
                    return e;
                }
            }
        }
        return null;
    }

    private static boolean sameStream(Incident a, Incident b) {
        return a.boot() == b.boot() && a.source().equals(b.source());
    }

    /** The event's incident grown by the generic reports it printed. */
    private static Incident merge(Incident e, List<Incident> parts) {
        Set<LogRecord> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<LogRecord> lines = new ArrayList<>();
        long first = e.line();
        long last = e.endLine();
        boolean panicked = Integer.valueOf(1).equals(e.fact(Facts.PANICKED));
        List<Frame> frames = e.frames();
        String guilty = e.guiltyFrame();
        Integer cpu = e.cpu();
        Integer pid = e.pid();
        String comm = e.comm();
        String taint = e.taint();
        List<String> modules = e.modules();
        addAll(lines, seen, e.lines());
        for (Incident p : parts) {
            addAll(lines, seen, p.lines());
            first = Math.min(first, p.line());
            last = Math.max(last, p.endLine());
            panicked |= p.kind() == IncidentKind.PANIC || Integer.valueOf(1).equals(p.fact(Facts.PANICKED));
            if (frames.isEmpty()) {
                // the event's detector read no stack: the generic report's stack is the event's
                frames = p.frames();
                guilty = guilty == null ? p.guiltyFrame() : guilty;
            }
            cpu = cpu == null ? p.cpu() : cpu;
            pid = pid == null ? p.pid() : pid;
            comm = comm == null ? p.comm() : comm;
            taint = taint == null ? p.taint() : taint;
            modules = modules.isEmpty() ? p.modules() : modules;
        }
        lines.sort(Comparator.comparingLong(LogRecord::line));
        if (lines.size() > IncidentBuilder.MAX_LINES) {
            lines = new ArrayList<>(lines.subList(0, IncidentBuilder.MAX_LINES));
        }
        Map<String, Object> facts = new LinkedHashMap<>(e.facts());
        if (panicked) {
            facts.put(Facts.PANICKED.name(), 1);
        }
        Double time = e.time();
        String wallTime = e.wallTime();
        if (!lines.isEmpty() && lines.get(0).line() < e.line()) {
            LogRecord head = lines.get(0);
            // boxed on purpose: a conditional mixing double and a null Double unboxes the null (syslog lines carry no
            // monotonic time, so time is null there)
            time = head.hasMonoTime() ? Double.valueOf(head.monoTime()) : time;
            wallTime = head.wallTime() != null ? head.wallTime() : wallTime;
        }
        return new Incident(e.id(), e.kind(), e.title(), e.source(), first, last, time, wallTime, cpu, pid, comm, taint,
                modules, frames, guilty, e.corrupted(), e.corruptedReason(), e.fingerprint(), Collections.unmodifiableMap(facts),
                List.copyOf(lines), e.boot());
    }

    private static void addAll(List<LogRecord> into, Set<LogRecord> seen, List<LogRecord> from) {
        for (LogRecord r : from) {
            if (seen.add(r)) {
                into.add(r);
            }
        }
    }
}
