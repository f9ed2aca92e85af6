package dev.crashtriage.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/** Builds the one {@link CommandLine} that main, tests and the ToolProvider all use. */
public final class CommandLineFactory {
    private CommandLineFactory() {
    }

    /** The whole command tree (man pages, completion, tests). */
    public static CommandLine create(Env env) {
        return create(env, null);
    }

    /**
     * The command tree for one run: when the arguments start with a sub-command's name, only that sub-command is
     * built (with the root's own options); otherwise, and for the ones that read the whole tree (help, completion), all of them, so that usage, suggestions
     * and the "missing command" message see every name.
     */
    static CommandLine forArguments(Env env, String... args) {
        for (String a : args) {
            if (a.startsWith("-")) {
                if (a.equals("--")) {
                    break;
                }
                continue;
            }
            return create(env, RootCommand.SUBCOMMANDS.containsKey(a) && !RootCommand.READ_THE_WHOLE_TREE.contains(a) ? a : null);
        }
        return create(env, null);
    }

    /** @param only the one sub-command to build, or null for all */
    private static CommandLine create(Env env, String only) {
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
        for (var sub : RootCommand.SUBCOMMANDS.entrySet()) {
            if (only == null || only.equals(sub.getKey())) {
                cmd.addSubcommand(sub.getKey(), sub.getValue());
            }
        }
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
            // the exception's name and message are for the developer: --stacktrace shows them
            err.println("crashtriage: internal error in '" + c.getCommandSpec().qualifiedName() + "'");
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

    /**
     * The codes each command can exit with; a command not named here only succeeds, fails on usage
     * or on a bug. Signature-loading commands add 3.
     */
    private static final java.util.Map<String, java.util.List<Integer>> EXIT_CODES = java.util.Map.of(
            "crashtriage analyze", java.util.List.of(ExitCodes.OK, ExitCodes.FINDINGS, ExitCodes.USAGE,
                    ExitCodes.SIGNATURE_ERROR, ExitCodes.INPUT_ERROR, ExitCodes.STORE_ERROR, ExitCodes.INTERNAL,
                    ExitCodes.INTERRUPTED),
            "crashtriage fleet", java.util.List.of(ExitCodes.OK, ExitCodes.USAGE, ExitCodes.INPUT_ERROR,
                    ExitCodes.STORE_ERROR, ExitCodes.INTERNAL),
            "crashtriage listen", java.util.List.of(ExitCodes.OK, ExitCodes.USAGE, ExitCodes.SIGNATURE_ERROR,
                    ExitCodes.INPUT_ERROR, ExitCodes.INTERNAL));
    private static final java.util.List<Integer> SIGNATURE_COMMAND_CODES = java.util.List.of(
            ExitCodes.OK, ExitCodes.USAGE, ExitCodes.SIGNATURE_ERROR, ExitCodes.INTERNAL);
    private static final java.util.List<Integer> PLAIN_COMMAND_CODES = java.util.List.of(
            ExitCodes.OK, ExitCodes.USAGE, ExitCodes.INTERNAL);

    /** Every command's --help (and man page) ends with the exit codes that command can return. */
    private static void documentExitCodes(CommandLine cmd) {
        CommandLine.Model.CommandSpec spec = cmd.getCommandSpec();
        java.util.List<Integer> codes = EXIT_CODES.get(spec.qualifiedName());
        if (codes == null) {
            boolean loadsSignatures = spec.mixins().values().stream()
                    .anyMatch(m -> m.userObject() instanceof SignatureOptions);
            codes = loadsSignatures ? SIGNATURE_COMMAND_CODES : PLAIN_COMMAND_CODES;
        }
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.exitCodeList(codes));
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
            if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
                // what picocli prints for the version option, without building the command tree first
                for (String line : new VersionProvider(env).getVersion()) {
                    env.out().println(line);
                }
                env.out().flush();
                return ExitCodes.OK;
            }
            CommandLine cmd = forArguments(env, args);
            StartupClock.mark("command line model built");
            code = cmd.execute(args);
        } catch (RuntimeException | Error e) {
            // picocli's handlers cover the command; this covers a failure in building the command line itself
            env.err().println("crashtriage: internal error while reading the command line");
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
