package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds "page allocation failure" reports (warn_alloc / warn_alloc_failed) with the dump that follows.
 * Title: {@code page allocation failure: order <n>, <flags or mode> (<task>)}.
 */
public final class PageAllocationFailureDetector implements Detector {
    private static final Pattern HEADER = Pattern.compile(
            "(?:(\\S.*?): )?page allocation failure[.:] ?order:\\s*(\\d+)(?:, mode:\\s*(0x[0-9a-fA-F]+(?:\\([^)]*\\))?))?");

    private static final String FAILURE = "page allocation failure";

    private final DumpFollower follower = new DumpFollower(2, 400);
    /** The failure line of the open incident, to count identical repeats instead of opening new incidents. */
    private String openHeader;

    @Override
    public void accept(LogRecord r, Consumer<IncidentBuilder> emit) {
        if (!r.kernel()) {
            return;
        }
        String t = r.text();
        int i = t.indexOf(FAILURE);
        if (i < 0) {
            follower.offer(r, emit);
            return;
        }
        IncidentBuilder open = follower.current();
        String header = t.substring(Math.max(0, TextScan.skipBlanks(t)));
        if (open != null && header.equals(openHeader)
                && RecordClock.near(open.lines.get(open.lines.size() - 1), r, 1, 50)) {
            // The same failure again at once (a storm, or the warning's own printk failing again): counted.
            open.add(r);
            open.facts.add(Facts.FAILURES, 1);
            follower.extend(r);
            return;
        }
        IncidentBuilder b = new IncidentBuilder(IncidentKind.PAGE_ALLOCATION_FAILURE, r);
        openHeader = header;
        b.facts.put(Facts.FAILURES, 1L);
        Matcher m = HEADER.matcher(t);
        String mode = null;
        if (m.find()) {
            if (m.group(1) != null) {
                b.comm = m.group(1).trim();
            }
            b.facts.put(Facts.ORDER, Integer.parseInt(m.group(2)));
            mode = m.group(3);
        }
        if (mode != null) {
            b.facts.put(Facts.GFP_MASK, mode);
            b.facts.flag(Facts.ATOMIC, isAtomic(mode));
        }
        StringBuilder title = new StringBuilder("page allocation failure");
        if (b.facts.has(Facts.ORDER)) {
            title.append(": order ").append(b.facts.get(Facts.ORDER));
            if (mode != null) {
                int p = mode.indexOf('(');
                title.append(", ").append(p > 0 ? mode.substring(p + 1, mode.length() - 1) : "mode " + mode);
            }
        }
        if (b.comm != null) {
            title.append(" (").append(b.comm).append(')');
        }
        b.title = title.toString();
        follower.start(b, r, emit);
    }

    /**
     * Atomic when the kernel names GFP_ATOMIC / GFP_NOWAIT or, for the bare masks of older kernels, when
     * __GFP_HIGH (0x20) is set and neither __GFP_WAIT (0x10, before 4.4) nor __GFP_DIRECT_RECLAIM (0x400000,
     * 4.4+) is: GFP_ATOMIC was __GFP_HIGH alone in 2.6/3.x include/linux/gfp.h. A heuristic for bare masks.
     */
    static boolean isAtomic(String mode) {
        if (mode.indexOf('(') > 0) {
            return mode.contains("GFP_ATOMIC") || mode.contains("GFP_NOWAIT");
        }
        try {
            long v = Long.parseLong(mode.substring(2), 16);
            return (v & 0x20) != 0 && (v & 0x10) == 0 && (v & 0x400000) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public void finish(Consumer<IncidentBuilder> emit) {
        follower.flush(emit);
    }

    /** Only a failure line opens an incident; other lines only feed the dump being followed. */
    @Override
    public List<String> wakeLiterals() {
        return List.of(FAILURE);
    }

    @Override
    public boolean holdsOpenState() {
        return follower.current() != null;
    }
}
