package dev.crashtriage.signature;

import com.google.re2j.Pattern;
import dev.crashtriage.kernel.IncidentKind;

import java.util.List;
import java.util.Set;

/** One named piece of evidence a signature looks for (see docs/signature-format.md, "Selections"). */
public sealed interface Selection
        permits Selection.Lines, Selection.IncidentMatch, Selection.Frames, Selection.Version, Selection.Modules {

    String name();

    /**
     * Records whose text matches any pattern.
     *
     * @param atLeast       how many matching records are needed (1 by default)
     * @param withinSeconds the window those records must fall in (legacy scopes: any window of that length;
     *                      incident-bound: the distance from the explained incident), or 0 for no window
     * @param kernelOnly    false to also look at lines from other programs
     * @param where         where it looks relative to the explained incident; null in a legacy (scope) signature.
     *                      {@link Where#HOST} only for {@code platform:} selections (hardware, hypervisor lines)
     */
    record Lines(String name, List<LinePattern> patterns, int atLeast, double withinSeconds, boolean kernelOnly,
                 Where where) implements Selection {

        /** A legacy selection (judged per the signature's scope). */
        public Lines(String name, List<LinePattern> patterns, int atLeast, double withinSeconds, boolean kernelOnly) {
            this(name, patterns, atLeast, withinSeconds, kernelOnly, null);
        }

        /** Matched while streaming (rather than on an incident's own lines at the end). */
        boolean streamed(Scope scope) {
            return where == null ? scope != Scope.INCIDENT : where != Where.INCIDENT;
        }
    }

    /**
     * Incidents that satisfy every rule given (null/empty rules are not checked).
     *
     * @param kinds         incident kinds, empty for any
     * @param title         regex on the title, or null
     * @param frames        frame rules, or null
     * @param modules       modules that must all be linked in or named by a frame
     * @param facts         numeric conditions that must all hold
     * @param where         {@link Where#INCIDENT}: the explained incident itself; before/after/around/boot: another
     *                      incident of the same boot; null in a legacy signature
     * @param withinSeconds for before/after/around: the most time between the two incidents, or 0 for any
     */
    record IncidentMatch(String name, Set<IncidentKind> kinds, Pattern title, FrameRule frames, List<String> modules,
                         List<FactCondition> facts, Where where, double withinSeconds) implements Selection {

        /** A legacy selection (any incident in the signature's scope unit). */
        public IncidentMatch(String name, Set<IncidentKind> kinds, Pattern title, FrameRule frames, List<String> modules,
                             List<FactCondition> facts) {
            this(name, kinds, title, frames, modules, facts, null, 0);
        }
    }

    /** The explained incident's own stack, matched as parsed frames. */
    record Frames(String name, FrameRule rule) implements Selection {
    }

    /**
     * A version found in the log, compared with a bound; or, for the kernel release, whether it changed at the boot.
     *
     * @param pattern                 regex whose group 1 is the version, or null with {@code kernel} true
     * @param kernel                  compare the kernel release instead
     * @param changedFromPreviousBoot with {@code kernel}: present when the boot's banner announces another release
     *                                than the boot before it did (both known), instead of a comparison with a bound
     */
    record Version(String name, LinePattern pattern, boolean kernel, VersionBound bound, boolean changedFromPreviousBoot)
            implements Selection {

        public Version(String name, LinePattern pattern, boolean kernel, VersionBound bound) {
            this(name, pattern, kernel, bound, false);
        }
    }

    /** Modules the host had loaded (any "Modules linked in:" list of the stream, or a frame's [module]). */
    record Modules(String name, List<String> modules) implements Selection {
    }

    /**
     * What an incident's frames must look like.
     *
     * @param any          at least one frame matches one of these
     * @param all          every pattern matches some frame
     * @param sequence     patterns match frames in this order (innermost first), gaps allowed
     * @param reliableOnly ignore frames printed with "?"
     * @param sections     stack sections looked at; null for the incident's own stack (every section but
     *                     {@link #OTHER_CPU})
     * @param guilty       only the incident's guilty frame and the faulting-instruction (register) frame count
     * @param atLeast      how many frames must match {@code any} (a task dump prints one trace per task)
     */
    record FrameRule(List<FramePattern> any, List<FramePattern> all, List<FramePattern> sequence, boolean reliableOnly,
                     Set<String> sections, boolean guilty, int atLeast) {
        /** The section the kernel layer gives frames of other CPUs' backtraces ("NMI backtrace for cpu N"). */
        public static final String OTHER_CPU = "other-cpu";

        /** A legacy rule: function-name patterns only. */
        public static FrameRule ofFunctions(List<Pattern> any, List<Pattern> all, List<Pattern> sequence, boolean reliableOnly) {
            return new FrameRule(FramePattern.functions(any), FramePattern.functions(all), FramePattern.functions(sequence),
                    reliableOnly, null, false, 1);
        }

        boolean looksAt(String section) {
            String s = section == null ? "task" : section;
            return sections == null ? !OTHER_CPU.equals(s) : sections.contains(s);
        }
    }

    /**
     * One frame as a signature describes it; null parts are not checked.
     *
     * @param function regex on the function name (unanchored)
     * @param module   regex on the module in brackets (anchored), or {@code kernel} for a frame in no module
     * @param reliable true: only frames printed without "?"; false: only "?" frames; null: either
     */
    record FramePattern(Pattern function, Pattern module, boolean coreKernel, Boolean reliable) {
        static List<FramePattern> functions(List<Pattern> ps) {
            return ps.stream().map(p -> new FramePattern(p, null, false, null)).toList();
        }

        boolean matches(dev.crashtriage.kernel.Frame f) {
            if (f.function() == null || (function != null && !function.matcher(f.function()).find())) {
                return false;
            }
            if (coreKernel && f.module() != null) {
                return false;
            }
            if (module != null && (f.module() == null || !module.matcher(f.module()).matches())) {
                return false;
            }
            return reliable == null || reliable == f.reliable();
        }
    }
}
