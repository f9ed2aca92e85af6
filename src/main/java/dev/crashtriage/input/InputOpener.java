package dev.crashtriage.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Expands what the user named (files, directories, "-") into inputs, in a stable order: directories
 * recursively with entries sorted by name, symlinks followed but never in a loop. An input that cannot
 * be read is one problem and the others go on. FIFOs and devices named explicitly are read within
 * {@link InputLimits}; found inside a directory they are skipped.
 */
public final class InputOpener {
    private final InputStream stdin;
    private final InputLimits limits;
    private final InputFilter filter;

    public InputOpener(InputStream stdin) {
        this(stdin, InputLimits.defaults());
    }

    public InputOpener(InputStream stdin, InputLimits limits) {
        this(stdin, limits, InputFilter.none());
    }

    /** @param filter which files inside directories are analysed (files named directly always are) */
    public InputOpener(InputStream stdin, InputLimits limits, InputFilter filter) {
        this.stdin = stdin;
        this.limits = limits;
        this.filter = filter;
    }

    public List<InputTarget> expand(List<String> names, Consumer<InputProblem> problems) {
        List<InputTarget> targets = new ArrayList<>();
        for (String name : names) {
            if (name.equals("-")) {
                targets.add(new InputTarget("-", () -> new UnclosableStream(stdin)));
                continue;
            }
            Path p = Path.of(name);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(p, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                problems.accept(new InputProblem(name, Files.isSymbolicLink(p)
                        ? "broken symbolic link" : "no such file or directory", true));
                continue;
            } catch (IOException e) {
                problems.accept(new InputProblem(name, "cannot read: " + reason(e), true));
                continue;
            }
            if (attrs.isDirectory()) {
                int before = targets.size();
                int skippedBefore = filter.skippedNotLogs() + filter.skippedByGlob();
                boolean[] failed = {false};
                walk(p, p, name, new HashSet<>(), targets, pr -> {
                    failed[0] |= pr.fatal();
                    problems.accept(pr);
                });
                if (targets.size() == before && !failed[0]) {
                    int skipped = filter.skippedNotLogs() + filter.skippedByGlob() - skippedBefore;
                    problems.accept(new InputProblem(name, "directory holds no file to analyse"
                            + (skipped == 0 ? "" : " (" + skipped + " skipped by --include/--exclude or as not logs)"),
                            true, InputProblem.Kind.NO_KERNEL_LOG));
                }
            } else if (attrs.isRegularFile()) {
                addFile(p, name, targets, problems);
            } else {
                targets.add(new InputTarget(name, () -> new SpecialFileStream(p, limits)));
            }
        }
        return targets;
    }

    private void addFile(Path p, String name, List<InputTarget> targets, Consumer<InputProblem> problems) {
        if (!Files.isReadable(p)) {
            problems.accept(new InputProblem(name, "permission denied", true));
            return;
        }
        targets.add(new InputTarget(name, () -> Files.newInputStream(p)));
    }

    /** ancestors holds the file keys of the directories above, so a symlink back up is seen, not followed. */
    private void walk(Path root, Path dir, String name, Set<Object> ancestors, List<InputTarget> targets,
                      Consumer<InputProblem> problems) {
        Object key = fileKey(dir);
        if (!ancestors.add(key)) {
            problems.accept(new InputProblem(name, "symbolic link loop back to a directory already being read; "
                    + "not followed again", false));
            return;
        }
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path e : stream) {
                entries.add(e);
            }
        } catch (AccessDeniedException e) {
            problems.accept(new InputProblem(name, "permission denied", true));
            ancestors.remove(key);
            return;
        } catch (IOException | RuntimeException e) {
            problems.accept(new InputProblem(name, "cannot read directory: " + reason(e), true));
            ancestors.remove(key);
            return;
        }
        entries.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        for (Path entry : entries) {
            String entryName = entry.toString();
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(entry, BasicFileAttributes.class);
            } catch (IOException e) {
                problems.accept(new InputProblem(entryName, Files.isSymbolicLink(entry) && e instanceof NoSuchFileException
                        ? "broken symbolic link, skipped" : "cannot read: " + reason(e), !(Files.isSymbolicLink(entry))));
                continue;
            }
            if (attrs.isDirectory()) {
                if (filter.acceptDirectory(entry.getFileName().toString())) {
                    walk(root, entry, entryName, ancestors, targets, problems);
                }
            } else if (attrs.isRegularFile()) {
                if (filter.accept(root.relativize(entry))) {
                    addFile(entry, entryName, targets, problems);
                }
            } else {
                problems.accept(new InputProblem(entryName, "not a regular file (FIFO, socket or device), skipped",
                        false));
            }
        }
        ancestors.remove(key);
    }

    private static Object fileKey(Path dir) {
        try {
            Object key = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
            return key != null ? key : dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Stdin belongs to the process: analysing it must not close it for whoever reads it next. */
    private static final class UnclosableStream extends java.io.FilterInputStream {
        UnclosableStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
