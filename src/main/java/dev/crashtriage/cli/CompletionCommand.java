package dev.crashtriage.cli;

import dev.crashtriage.signature.Signature;
import dev.crashtriage.signature.SignatureCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code crashtriage completion bash|zsh|fish}: prints a completion script for the shell. */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Prints a shell completion script: bash, zsh or fish.",
            "bash: source <(crashtriage completion bash)   (or save it in ~/.local/share/bash-completion/completions/crashtriage)",
            "zsh:  source <(crashtriage completion zsh)",
            "fish: crashtriage completion fish > ~/.config/fish/completions/crashtriage.fish"})
public final class CompletionCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SHELL", completionCandidates = Shells.class,
            description = "The shell: ${COMPLETION-CANDIDATES}.")
    String shell;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Env env;

    public CompletionCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Function<CompletionScripts, String> script = CompletionScripts.forShell(shell);
        if (script == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown shell '" + shell + "': bash, zsh or fish");
        }
        // the ids `explain` takes, as of this installation: built-ins and the user's own directories
        List<String> ids = SignatureCatalog.forAnalysis(new SignatureOptions().userDirs(env)).signatures().stream()
                .map(Signature::id).sorted().toList();
        env.out().print(script.apply(new CompletionScripts(spec.root().commandLine(), ids)));
        env.out().flush();
        return ExitCodes.OK;
    }

    static final class Shells extends java.util.ArrayList<String> {
        Shells() {
            super(List.of("bash", "zsh", "fish"));
        }
    }
}
