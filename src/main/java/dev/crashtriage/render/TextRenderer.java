package dev.crashtriage.render;

import dev.crashtriage.input.InputProblem;
import dev.crashtriage.kernel.Frame;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.signature.Evidence;
import dev.crashtriage.triage.AnalysisReport;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/** The human report: per result, the likely causes first with evidence and remediation, then incidents. */
public final class TextRenderer implements Renderer {

    @Override
    public void render(AnalysisReport report, RenderOptions options, Writer w) throws IOException {
        PrintWriter out = new PrintWriter(w);
        Style s = new Style(options.color());
        for (HostResult r : report.results()) {
            out.println(s.bold("== " + esc(r.source()) + (r.host() == null ? "" : " (host " + esc(r.host()) + ")")));
            out.println("format " + (r.format() == null ? "?" : r.format().id()) + ", " + r.lines() + " lines"
                    + (r.kernel().version() == null ? "" : ", kernel " + esc(r.kernel().version())));
            if (r.causes().isEmpty() && r.incidents().isEmpty()) {
                out.println("no kernel incidents found");
            }
            for (Cause c : r.causes()) {
                out.printf("%n%s %s  [%s, confidence %.2f, %s]%n", s.bold("#" + c.rank()), s.bold(esc(c.title())),
                        c.severity(), c.confidence(), c.signature());
                for (Evidence e : c.evidence()) {
                    out.println("    " + esc(e.source()) + ":" + e.line() + ": " + esc(e.text()));
                }
                for (String step : c.remediation().steps()) {
                    out.println("  - " + esc(step));
                }
            }
            if (!r.incidents().isEmpty()) {
                out.println();
                out.println(s.bold("Incidents"));
            }
            for (Incident i : r.incidents()) {
                out.printf("  %s %s  (%s:%d-%d%s)%n", i.id(), esc(i.title()), esc(i.source()), i.line(), i.endLine(),
                        i.time() == null ? "" : String.format(", t=%.6f", i.time()));
                int shown = 0;
                for (Frame f : i.frames()) {
                    if (shown++ >= (options.verbose() ? Integer.MAX_VALUE : 6)) {
                        break;
                    }
                    out.println("      " + (f.reliable() ? "" : "? ") + esc(f.function())
                            + (f.module() == null ? "" : " [" + esc(f.module()) + "]"));
                }
            }
            out.println();
        }
        for (InputProblem p : report.problems()) {
            out.println("input error: " + esc(p.source()) + ": " + esc(p.message()));
        }
        out.flush();
    }

    private static String esc(String s) {
        return ControlCharEscaper.escape(s);
    }

    /** ANSI styling that disappears when colour is off. */
    private record Style(boolean on) {
        String bold(String s) {
            return on ? "\u001b[1m" + s + "\u001b[0m" : s;
        }
    }
}
