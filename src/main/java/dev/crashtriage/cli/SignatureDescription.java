package dev.crashtriage.cli;

import dev.crashtriage.render.SignatureText;
import dev.crashtriage.signature.Signature;
import dev.crashtriage.signature.SignatureCatalog;
import picocli.CommandLine;

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
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no signature '" + id + "' (see `crashtriage signatures list`)");
        }
        SignatureText.print(s, env.out());
        env.out().flush();
        return ExitCodes.OK;
    }
}
