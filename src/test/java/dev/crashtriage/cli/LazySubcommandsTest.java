package dev.crashtriage.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A run builds only the sub-command it names, and that one is the same command the whole tree holds. */
class LazySubcommandsTest {
    private static Env env() {
        return new Env(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                InputStream.nullInputStream(), Map.of(), true, false);
    }

    @Test
    void eachTableNameIsTheNameItsClassDeclares() {
        for (Map.Entry<String, Class<?>> e : RootCommand.SUBCOMMANDS.entrySet()) {
            assertEquals(e.getKey(), e.getValue().getAnnotation(CommandLine.Command.class).name());
        }
    }

    @Test
    void aNamedSubcommandIsBuiltAloneWithTheSameOptionsAsInTheWholeTree() {
        CommandLine whole = CommandLineFactory.create(env());
        for (String name : RootCommand.SUBCOMMANDS.keySet()) {
            if (RootCommand.READ_THE_WHOLE_TREE.contains(name)) {
                continue;
            }
            CommandLine alone = CommandLineFactory.forArguments(env(), "--stacktrace", name, "--help");
            assertEquals(List.of(name), List.copyOf(alone.getSubcommands().keySet()));
            assertEquals(whole.getSubcommands().get(name).getUsageMessage(),
                    alone.getSubcommands().get(name).getUsageMessage(), name);
        }
    }

    @Test
    void noNameAnUnknownNameHelpOrCompletionBuildsEverySubcommand() {
        List<String> all = List.copyOf(RootCommand.SUBCOMMANDS.keySet());
        assertEquals(all, List.copyOf(CommandLineFactory.forArguments(env()).getSubcommands().keySet()));
        assertEquals(all, List.copyOf(CommandLineFactory.forArguments(env(), "anlyze").getSubcommands().keySet()));
        assertEquals(all, List.copyOf(CommandLineFactory.forArguments(env(), "help", "analyze").getSubcommands().keySet()));
        assertEquals(all, List.copyOf(CommandLineFactory.forArguments(env(), "--", "analyze").getSubcommands().keySet()));
        assertEquals(all, List.copyOf(CommandLineFactory.forArguments(env(), "completion", "bash").getSubcommands().keySet()));
    }
}
