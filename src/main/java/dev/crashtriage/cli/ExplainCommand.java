package dev.crashtriage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code crashtriage explain ID}: the same as {@code signatures show ID}, for readers of a report. */
@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Explains a cause id from a report (alias of `signatures show`).")
public final class ExplainCommand implements Callable<Integer> {
    @Mixin
    SignatureOptions options = new SignatureOptions();
    @Parameters(paramLabel = "ID", description = "Signature id, as a report or `signatures list` prints it.")
    String id;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    private final Env env;

    public ExplainCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        return SignatureDescription.show(options, id, spec, env);
    }
}
