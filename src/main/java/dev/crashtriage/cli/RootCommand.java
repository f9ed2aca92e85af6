package dev.crashtriage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top command: only sub-commands, version, help and the options every command shares. The sub-commands are
 * in {@link #SUBCOMMANDS}, not in the annotation, so that a run builds only the one it runs (picocli reads each
 * command class's annotations by reflection, a large part of a short run's start-up).
 */
@Command(name = "crashtriage",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Finds kernel incidents in Linux logs and ranks their likely root causes.")
public final class RootCommand implements Runnable {
    /** Every sub-command by name, in the order help lists them. */
    static final java.util.Map<String, Class<?>> SUBCOMMANDS = subcommands();

    /** Sub-commands that read the whole tree (help texts, completion scripts): a run of one builds them all. */
    static final java.util.Set<String> READ_THE_WHOLE_TREE = java.util.Set.of("help", "completion");

    private static java.util.Map<String, Class<?>> subcommands() {
        java.util.Map<String, Class<?>> m = new java.util.LinkedHashMap<>();
        m.put("analyze", AnalyzeCommand.class);
        m.put("fleet", FleetCommand.class);
        m.put("listen", ListenCommand.class);
        m.put("signatures", SignaturesCommand.class);
        m.put("explain", ExplainCommand.class);
        m.put("completion", CompletionCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return java.util.Collections.unmodifiableMap(m);
    }

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
