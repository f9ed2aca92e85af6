package dev.crashtriage.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Expands what the user named (files, directories, "-") into inputs, in a stable order. */
public final class InputOpener {
    private final InputStream stdin;

    public InputOpener(InputStream stdin) {
        this.stdin = stdin;
    }

    public List<InputTarget> expand(List<String> names, Consumer<InputProblem> problems) {
        List<InputTarget> targets = new ArrayList<>();
        for (String name : names) {
            if (name.equals("-")) {
                targets.add(new InputTarget("-", () -> stdin));
                continue;
            }
            Path p = Path.of(name);
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).sorted()
                            .forEach(f -> targets.add(new InputTarget(f.toString(), () -> Files.newInputStream(f))));
                } catch (IOException | RuntimeException e) {
                    problems.accept(new InputProblem(name, "cannot read directory: " + e.getMessage(), true));
                }
            } else if (Files.exists(p)) {
                targets.add(new InputTarget(name, () -> Files.newInputStream(p)));
            } else {
                problems.accept(new InputProblem(name, "no such file or directory", true));
            }
        }
        return targets;
    }
}
