package dev.crashtriage.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/** Builds the one {@link CommandLine} that main, tests and the ToolProvider all use. */
public final class CommandLineFactory {
    private CommandLineFactory() {
    }

    public static CommandLine create(Env env) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                try {
                    return cls.getDeclaredConstructor(Env.class).newInstance(env);
                } catch (NoSuchMethodException e) {
                    return CommandLine.defaultFactory().create(cls);
                }
            }
        };
        CommandLine cmd = new CommandLine(new RootCommand(), factory);
        CommandLine completion = cmd.getSubcommands().get("generate-completion");
        completion.getCommandSpec().usageMessage().hidden(false);
        documentExitCodes(cmd);
        cmd.setOut(env.out());
        cmd.setErr(env.err());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = env.err();
            err.println("crashtriage: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, c, parseResult) -> {
            PrintWriter err = env.err();
            err.println("crashtriage: internal error: " + ex);
            if (stacktraceRequested(parseResult)) {
                ex.printStackTrace(err);
            } else {
                err.println("This is a bug in crashtriage; run again with --stacktrace and report it.");
            }
            err.flush();
            return ExitCodes.INTERNAL;
        });
        return cmd;
    }

    /** Every command's --help ends with the exit-code contract, including commands added later. */
    private static void documentExitCodes(CommandLine cmd) {
        cmd.getCommandSpec().usageMessage().footerHeading("%nExit codes:%n").footer(ExitCodes.HELP_FOOTER);
        for (CommandLine sub : cmd.getSubcommands().values()) {
            documentExitCodes(sub);
        }
    }

    private static boolean stacktraceRequested(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--stacktrace")) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command line and returns its exit code; never throws. */
    public static int run(Env env, String... args) {
        int code;
        try {
            code = create(env).execute(args);
        } catch (RuntimeException | Error e) {
            // picocli's handlers cover the command; this covers a failure in building the command line itself
            env.err().println("crashtriage: internal error: " + e);
            if (java.util.Arrays.asList(args).contains("--stacktrace")) {
                e.printStackTrace(env.err());
            }
            code = ExitCodes.INTERNAL;
        }
        env.out().flush();
        env.err().flush();
        return code;
    }
}
