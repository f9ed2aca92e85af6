package dev.crashtriage.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command: only sub-commands, version, help and the options every command shares. */
@Command(name = "crashtriage",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Finds kernel incidents in Linux logs and ranks their likely root causes.",
        subcommands = {AnalyzeCommand.class, FleetCommand.class, ListenCommand.class, SignaturesCommand.class,
            ExplainCommand.class,
            AutoComplete.GenerateCompletion.class})
public final class RootCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Read by the execution exception handler, through the parse result, at every level. */
    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "On an internal error, print the Java stack trace too.")
    boolean stacktrace;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing command (" + String.join(", ", spec.subcommands().keySet()) + ")");
    }
}
