package dev.crashtriage.render;

import dev.crashtriage.signature.Condition;
import dev.crashtriage.signature.Signature;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * A signature in words: the full description {@code signatures show} and {@code explain} print, and
 * the pieces SARIF rules reuse (the condition as text, the remediation as text and markdown), so a
 * rule in a code-scanning alert says what the command line says.
 */
public final class SignatureText {
    private SignatureText() {
    }

    /** Prints everything about one signature for a person. */
    public static void print(Signature s, PrintWriter out) {
        out.println(s.id() + ": " + s.title());
        out.println("  severity: " + ReportFacts.severity(s.severity()) + "   area: " + s.area()
                + (s.generic() ? "   generic" : "") + "   scope: " + s.scope().name().toLowerCase(Locale.ROOT));
        out.println("  file: " + s.file() + (s.user() ? " (user)" : " (built-in)"));
        out.println();
        out.println("  " + s.description().replace("\n", "\n  "));
        out.println();
        out.println("  matches when: " + condition(s));
        out.println("  selections: " + String.join(", ", s.selections().keySet()));
        out.printf(Locale.ROOT, "  confidence: %.2f%n", s.base());
        for (Signature.Adjustment a : s.raise()) {
            out.printf(Locale.ROOT, "    +%.2f when %s: %s%n", a.by(), a.when(), a.hint());
        }
        for (Signature.Adjustment a : s.lower()) {
            out.printf(Locale.ROOT, "    -%.2f when %s: %s%n", a.by(), a.when(), a.hint());
        }
        list(out, "remediation", s.steps());
        list(out, "confirm", s.confirm());
        if (!s.confusedWith().isEmpty()) {
            out.println("  confused with:");
            for (Signature.ConfusedWith c : s.confusedWith()) {
                out.println("    - " + c.id() + ": " + c.how());
            }
        }
        list(out, "references", s.references());
    }

    /** The match condition as written: selection names joined by and / or / not. */
    public static String condition(Signature s) {
        return text(s.condition(), false);
    }

    private static String text(Condition c, boolean nested) {
        if (c instanceof Condition.Ref r) {
            return r.name();
        }
        if (c instanceof Condition.Not n) {
            return "not " + text(n.inner(), true);
        }
        String joined = c instanceof Condition.And a ? text(a.left(), true) + " and " + text(a.right(), true)
                : text(((Condition.Or) c).left(), true) + " or " + text(((Condition.Or) c).right(), true);
        return nested ? "(" + joined + ")" : joined;
    }

    /** Remediation, confirmation and references as plain text (SARIF help.text). */
    public static String helpText(String description, List<String> steps, List<String> confirm, List<String> references) {
        StringBuilder b = new StringBuilder();
        if (description != null && !description.isBlank()) {
            b.append(description.strip()).append("\n\n");
        }
        section(b, "What to do:", steps, "- ");
        section(b, "To confirm:", confirm, "- ");
        section(b, "References:", references, "- ");
        return b.toString().strip();
    }

    /** The same as markdown (SARIF help.markdown, shown by GitHub code scanning). */
    public static String helpMarkdown(String description, List<String> steps, List<String> confirm,
                                      List<String> references) {
        StringBuilder b = new StringBuilder();
        if (description != null && !description.isBlank()) {
            b.append(Markdown.text(description.strip())).append("\n\n");
        }
        if (!steps.isEmpty()) {
            b.append("**What to do**\n\n");
            int n = 1;
            for (String s : steps) {
                b.append(n++).append(". ").append(Markdown.text(s)).append('\n');
            }
            b.append('\n');
        }
        if (!confirm.isEmpty()) {
            b.append("**To confirm**\n\n");
            for (String s : confirm) {
                b.append("- ").append(Markdown.text(s)).append('\n');
            }
            b.append('\n');
        }
        if (!references.isEmpty()) {
            b.append("**References**\n\n");
            for (String s : references) {
                b.append("- ").append(Markdown.text(s)).append('\n');
            }
        }
        return b.toString().strip();
    }

    private static void section(StringBuilder b, String heading, List<String> items, String bullet) {
        if (items.isEmpty()) {
            return;
        }
        b.append(heading).append('\n');
        for (String s : items) {
            b.append(bullet).append(s).append('\n');
        }
        b.append('\n');
    }

    /** A heading and its items as "    - item" lines; nothing for no items. */
    public static void list(PrintWriter out, String heading, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        out.println("  " + heading + ":");
        for (String i : items) {
            out.println("    - " + i);
        }
    }
}
