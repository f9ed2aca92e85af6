package dev.crashtriage.cli;

import picocli.CommandLine.Command;

/** The top command: only sub-commands, version and help. */
@Command(name = "crashtriage",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Finds kernel incidents in Linux logs and ranks their likely root causes.",
        subcommands = {AnalyzeCommand.class, SignaturesCommand.class, ExplainCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0   nothing found at or above --fail-on",
            "  1   incidents or causes found",
            "  2   usage error",
            "  3   signature error",
            "  4   input error (other inputs are still analysed and reported)",
            "  70  internal error",
            "  130 interrupted"})
public final class RootCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "missing command");
    }
}
