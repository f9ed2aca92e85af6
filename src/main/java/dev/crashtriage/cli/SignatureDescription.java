package dev.crashtriage.cli;

import dev.crashtriage.render.SignatureText;
import dev.crashtriage.signature.Signature;
import dev.crashtriage.signature.SignatureCatalog;
import picocli.CommandLine;

import java.util.List;

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
        if (s == null) {
            List<String> near = IdSuggestion.nearest(id, catalog.signatures().stream().map(Signature::id).toList());
            throw new CommandLine.ParameterException(spec.commandLine(), "no signature '" + id + "'"
                    + (near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?")
                    + " (see `crashtriage signatures list`)");
        }
        SignatureText.print(s, env.out());
        env.out().flush();
        return ExitCodes.OK;
    }
}
