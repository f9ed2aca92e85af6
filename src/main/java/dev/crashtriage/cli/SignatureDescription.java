package dev.crashtriage.cli;

import dev.crashtriage.signature.Condition;
import dev.crashtriage.signature.Signature;
import dev.crashtriage.signature.SignatureCatalog;
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
        if (s == null) {
            List<String> near = IdSuggestion.nearest(id, catalog.signatures().stream().map(Signature::id).toList());
            throw new CommandLine.ParameterException(spec.commandLine(), "no signature '" + id + "'"
                    + (near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?")
                    + " (see `crashtriage signatures list`)");
        }
        new SignatureDescription(env.out()).print(s);
        env.out().flush();
        return ExitCodes.OK;
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
