package dev.crashtriage.cli;

import dev.crashtriage.render.SignatureText;
import dev.crashtriage.signature.Signature;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.triage.FallbackCauses;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** {@code signatures show} and {@code explain}: loads the catalogue and prints one signature (render/SignatureText). */
final class SignatureDescription {
    private SignatureDescription() {
    }

    static int show(SignatureOptions options, String id, CommandLine.Model.CommandSpec spec, Env env) {
        SignatureCatalog catalog = options.load(env);
        if (catalog == null) {
            return ExitCodes.SIGNATURE_ERROR;
        }
        Signature s = catalog.get(id);
        FallbackCauses.Text fallback = FallbackCauses.catalogue().get(id);
        if (s == null && fallback != null) {
            printFallback(id, fallback, env.out());
            env.out().flush();
            return ExitCodes.OK;
        }
        if (s == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no signature '" + id + "' (see `crashtriage signatures list`)");
        }
        SignatureText.print(s, env.out());
        env.out().flush();
        return ExitCodes.OK;
    }

    /** A fallback cause: built by the ranker from an incident no signature explains. */
    static void printFallback(String id, FallbackCauses.Text t, PrintWriter out) {
        out.println(id + ": " + t.title());
        out.println("  severity: " + t.severity() + " (at least high when the incident ended in a panic or a hang)"
                + "   fallback cause");
        out.println();
        out.println("  " + t.description().strip().replace("\n", "\n  "));
        out.println();
        out.println("  given to: incidents no signature explains, from their own facts ({kind}, {module} and {taint} are"
                + " filled in from the incident)");
        out.printf(Locale.ROOT, "  confidence: %.2f%n", t.confidence());
        SignatureText.list(out, "remediation", t.steps());
        SignatureText.list(out, "confirm", t.confirm() == null ? List.of() : t.confirm());
        SignatureText.list(out, "references", t.references());
    }

}
