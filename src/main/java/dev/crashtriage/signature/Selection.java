package dev.crashtriage.signature;

import com.google.re2j.Pattern;
import dev.crashtriage.kernel.IncidentKind;

import java.util.List;
import java.util.Set;

/** One named piece of evidence a signature looks for (see docs/signature-format.md, "Selections"). */
public sealed interface Selection permits Selection.Lines, Selection.IncidentMatch, Selection.Version {

    String name();

    /**
     * Records whose text matches any pattern.
     *
     * @param atLeast       how many matching records are needed (1 by default)
     * @param withinSeconds the window those records must fall in, or 0 for anywhere in the scope
     * @param kernelOnly    false to also look at lines from other programs
     */
    record Lines(String name, List<LinePattern> patterns, int atLeast, double withinSeconds, boolean kernelOnly)
            implements Selection {
    }

    /**
     * Incidents that satisfy every rule given (null/empty rules are not checked).
     *
     * @param kinds   incident kinds, empty for any
     * @param title   regex on the title, or null
     * @param frames  frame rules, or null
     * @param modules modules that must all be linked in or named by a frame
     * @param facts   numeric conditions that must all hold
     */
    record IncidentMatch(String name, Set<IncidentKind> kinds, Pattern title, FrameRule frames, List<String> modules,
                         List<FactCondition> facts) implements Selection {
    }

    /**
     * A version found in the log, compared with a bound.
     *
     * @param pattern regex whose group 1 is the version, or null with {@code kernel} true
     * @param kernel  compare the kernel release instead
     */
    record Version(String name, LinePattern pattern, boolean kernel, VersionBound bound) implements Selection {
    }

    /**
     * What an incident's frames must look like.
     *
     * @param any          at least one frame matches one of these
     * @param all          every pattern matches some frame
     * @param sequence     patterns match frames in this order (innermost first), gaps allowed
     * @param reliableOnly ignore frames printed with "?"
     */
    record FrameRule(List<Pattern> any, List<Pattern> all, List<Pattern> sequence, boolean reliableOnly) {
    }
}
