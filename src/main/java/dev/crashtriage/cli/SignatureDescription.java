package dev.crashtriage.cli;

import dev.crashtriage.signature.Condition;
import dev.crashtriage.signature.Signature;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.triage.FallbackCauses;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;

/** Prints one signature for a person: what the cause is, how it is recognised, what to do. */
final class SignatureDescription {
    private final PrintWriter out;

    SignatureDescription(PrintWriter out) {
        this.out = out;
    }

    void print(Signature s) {
        out.println(s.id() + ": " + s.title());
        out.println("  severity: " + s.severity() + "   area: " + s.area() + (s.generic() ? "   generic" : "")
                + "   scope: " + s.scope().name().toLowerCase(java.util.Locale.ROOT));
        out.println("  file: " + s.file() + (s.user() ? " (user)" : " (built-in)"));
        out.println();
        out.println("  " + s.description().replace("\n", "\n  "));
        out.println();
        out.println("  matches when: " + conditionText(s));
        out.println("  selections: " + String.join(", ", s.selections().keySet()));
        out.printf("  confidence: %.2f%n", s.base());
        for (Signature.Adjustment a : s.raise()) {
            out.printf("    +%.2f when %s: %s%n", a.by(), a.when(), a.hint());
        }
        for (Signature.Adjustment a : s.lower()) {
            out.printf("    -%.2f when %s: %s%n", a.by(), a.when(), a.hint());
        }
        list("remediation", s.steps());
        list("confirm", s.confirm());
        if (!s.confusedWith().isEmpty()) {
            out.println("  confused with:");
            for (Signature.ConfusedWith c : s.confusedWith()) {
                out.println("    - " + c.id() + ": " + c.how());
            }
        }
        list("references", s.references());
    }

    private static String conditionText(Signature s) {
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

    /** Shared by {@code signatures show} and {@code explain}: loads the catalogue and prints one signature. */
    static int show(SignatureOptions options, String id, CommandLine.Model.CommandSpec spec, Env env) {
        SignatureCatalog catalog = options.load(env);
        if (catalog == null) {
            return ExitCodes.SIGNATURE_ERROR;
        }
        Signature s = catalog.get(id);
        FallbackCauses.Text fallback = FallbackCauses.catalogue().get(id);
        if (s == null && fallback != null) {
            new SignatureDescription(env.out()).printFallback(id, fallback);
            env.out().flush();
            return ExitCodes.OK;
        }
        if (s == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no signature '" + id + "' (see `crashtriage signatures list`)");
        }
        new SignatureDescription(env.out()).print(s);
        env.out().flush();
        return ExitCodes.OK;
    }

    /** A fallback cause: built by the ranker from an incident no signature explains. */
    void printFallback(String id, FallbackCauses.Text t) {
        out.println(id + ": " + t.title());
        out.println("  severity: " + t.severity() + " (at least high when the incident ended in a panic or a hang)"
                + "   fallback cause");
        out.println();
        out.println("  " + t.description().strip().replace("\n", "\n  "));
        out.println();
        out.println("  given to: incidents no signature explains, from their own facts ({kind}, {module} and {taint} are"
                + " filled in from the incident)");
        out.printf("  confidence: %.2f%n", t.confidence());
        list("remediation", t.steps());
        list("confirm", t.confirm() == null ? List.of() : t.confirm());
        list("references", t.references());
    }

    private void list(String heading, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        out.println("  " + heading + ":");
        for (String i : items) {
            out.println("    - " + i);
        }
    }
}
