package dev.crashtriage.cli;

import picocli.CommandLine;

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
        cmd.setOut(env.out());
        cmd.setErr(env.err());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            env.err().println("crashtriage: " + ex.getMessage());
            env.err().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            env.err().flush();
            return ExitCodes.USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, c, parseResult) -> {
            boolean trace = parseResult.originalArgs().contains("--stacktrace");
            env.err().println("crashtriage: internal error: " + ex);
            if (trace) {
                ex.printStackTrace(env.err());
            } else {
                env.err().println("This is a bug in crashtriage; run again with --stacktrace and report it.");
            }
            env.err().flush();
            return ExitCodes.INTERNAL;
        });
        return cmd;
    }

    /** Runs a command line and returns its exit code; never throws. */
    public static int run(Env env, String... args) {
        int code = create(env).execute(args);
        env.out().flush();
        env.err().flush();
        return code;
    }
}
