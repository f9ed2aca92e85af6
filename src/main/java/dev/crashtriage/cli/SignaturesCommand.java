package dev.crashtriage.cli;

import dev.crashtriage.signature.Signature;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureException;
import dev.crashtriage.triage.CatalogueLint;
import dev.crashtriage.triage.FallbackCauses;
import dev.crashtriage.triage.SampleRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code crashtriage signatures list|show|lint|test}: the catalogue, for people who read or write signatures. */
@Command(name = "signatures", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Lists, shows, checks and tests root-cause signatures.",
        subcommands = {SignaturesCommand.ListCommand.class, SignaturesCommand.ShowCommand.class,
            SignaturesCommand.LintCommand.class, SignaturesCommand.TestCommand.class})
public final class SignaturesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: list, show, lint or test");
    }

    /** {@code signatures list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the signatures in force: id, severity, area, title; user ones marked.")
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        SignatureOptions options = new SignatureOptions();
        private final Env env;

        ListCommand(Env env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            SignatureCatalog catalog = options.load(env);
            if (catalog == null) {
                return ExitCodes.SIGNATURE_ERROR;
            }
            PrintWriter out = env.out();
            for (Signature s : catalog.signatures()) {
                out.printf("%-34s %-8s %-6s %s%s%n", s.id(), s.severity(), s.area(), s.title(),
                        s.user() ? "  [user: " + s.file() + "]" : "");
            }
            for (var e : FallbackCauses.catalogue().entrySet()) {
                if (catalog.get(e.getKey()) == null) {
                    out.printf("%-34s %-8s %-6s %s%s%n", e.getKey(), e.getValue().severity(), "-", e.getValue().title(),
                            "  [fallback]");
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** {@code signatures show ID} (also {@code crashtriage explain ID}). */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one signature: what it means, what it matches, what to do.")
    static final class ShowCommand implements Callable<Integer> {
        @Mixin
        SignatureOptions options = new SignatureOptions();
        @Parameters(paramLabel = "ID", description = "Signature id, as `signatures list` prints it.")
        String id;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        private final Env env;

        ShowCommand(Env env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            return SignatureDescription.show(options, id, spec, env);
        }
    }

    /** {@code signatures lint [DIR]}. */
    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = "Checks signature files; prints every error as file:line:column: message. Exit 3 on any.")
    static final class LintCommand implements Callable<Integer> {
        @Mixin
        SignatureOptions options = new SignatureOptions();
        @Parameters(paramLabel = "DIR", arity = "0..1",
                description = "Directory to check alone; default: the built-in and user signatures in force.")
        Path dir;
        private final Env env;

        LintCommand(Env env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            SignatureCatalog catalog = options.catalogToCheck(dir, env);
            List<SignatureException> errors = new java.util.ArrayList<>(catalog.errors());
            // references may name any signature in force (built-in or user) or a fallback cause
            SignatureCatalog inForce = dir == null ? catalog : SignatureCatalog.builtIn();
            errors.addAll(new CatalogueLint(CatalogueLint.idsInForce(inForce)).check(catalog));
            for (SignatureException e : errors) {
                env.out().println(e.getMessage());
            }
            env.out().printf("%d signature(s) loaded, %d error(s)%n", catalog.signatures().size(), errors.size());
            env.out().flush();
            return errors.isEmpty() ? ExitCodes.OK : ExitCodes.SIGNATURE_ERROR;
        }
    }

    /** {@code signatures test [DIR]}. */
    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Runs each signature's samples: positive ones must match and cite every `<<< evidence` line, negative ones must not. Exit 3 on any failure.")
    static final class TestCommand implements Callable<Integer> {
        @Mixin
        SignatureOptions options = new SignatureOptions();
        @Parameters(paramLabel = "DIR", arity = "0..1",
                description = "Directory whose signatures to test; default: the built-in and user signatures in force.")
        Path dir;
        private final Env env;

        TestCommand(Env env) {
            this.env = env;
        }

        @Override
        public Integer call() {
            SignatureCatalog catalog = options.catalogToCheck(dir, env);
            for (SignatureException e : catalog.errors()) {
                env.err().println("crashtriage: " + e.getMessage());
            }
            SampleRunner runner = new SampleRunner();
            int passed = 0;
            int failed = 0;
            for (Signature s : catalog.signatures()) {
                List<SampleRunner.Result> results = runner.run(s);
                for (SampleRunner.Result r : results) {
                    env.out().printf("%s %s %s: %s%n", r.passed() ? "PASS" : "FAIL", r.signatureId(), r.sample(), r.detail());
                    if (r.passed()) {
                        passed++;
                    } else {
                        failed++;
                    }
                }
            }
            env.out().printf("%d passed, %d failed, %d signature error(s)%n", passed, failed, catalog.errors().size());
            env.out().flush();
            env.err().flush();
            return failed == 0 && catalog.errors().isEmpty() ? ExitCodes.OK : ExitCodes.SIGNATURE_ERROR;
        }
    }
}
