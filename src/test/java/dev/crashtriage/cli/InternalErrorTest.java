package dev.crashtriage.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bug in a command: exit 70, one line and a hint, and a stack trace only with --stacktrace. */
class InternalErrorTest {

    @Command(name = "boom", description = "A command with a bug.")
    static final class Boom implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("detector state corrupted");
        }
    }

    private static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Env env = new Env(new PrintWriter(out), new PrintWriter(err), new ByteArrayInputStream(new byte[0]), Map.of(),
                true, false);
        CommandLine cmd = CommandLineFactory.create(env);
        cmd.addSubcommand("boom", new Boom());
        int code = cmd.execute(args);
        env.err().flush();
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void withoutStacktraceItIsOneLineAndAHint() {
        CliRun r = run("boom");
        assertEquals(ExitCodes.INTERNAL, r.code(), r::toString);
        assertTrue(r.err().startsWith("crashtriage: internal error in 'crashtriage boom'\n"), r::toString);
        // no Java exception name, and not the developer's message either, without --stacktrace
        assertFalse(r.err().contains("IllegalStateException"), r::toString);
        assertFalse(r.err().contains("java."), r::toString);
        assertTrue(r.err().contains("--stacktrace"), "the hint says how to get more");
        assertFalse(r.err().contains("\tat "), r::toString);
    }

    @Test
    void withStacktraceBeforeTheCommandItPrintsTheTrace() {
        CliRun r = run("--stacktrace", "boom");
        assertEquals(ExitCodes.INTERNAL, r.code(), r::toString);
        assertTrue(r.err().contains("\tat dev.crashtriage.cli.InternalErrorTest$Boom.run"), r::toString);
    }
}
