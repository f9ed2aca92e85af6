package dev.crashtriage.input;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which files found inside a directory are analysed: {@code --include} / {@code --exclude} globs,
 * matched against the path relative to the directory named and against the file name alone, and by
 * default a skip of files that are clearly not logs (documentation, source, images, archives that are
 * not a compressed log), which is counted so the report can say so. Files named on the command line
 * are never filtered: the user asked for them.
 */
public final class InputFilter {
    /** File names that are documentation or project files, never a captured console. */
    private static final Set<String> NOT_LOG_NAMES = Set.of("readme", "license", "licence", "copying", "notice",
            "authors", "changelog", "changes", "makefile", "dockerfile", "owners", "maintainers");
    /** Extensions of files that are clearly not logs (a .gz or .xz is read: it may be a compressed log). */
    private static final Set<String> NOT_LOG_EXTENSIONS = Set.of("md", "rst", "adoc", "html", "htm", "css", "js",
            "ts", "py", "sh", "c", "h", "cc", "cpp", "java", "go", "rs", "rb", "pl", "yml", "yaml", "toml", "ini",
            "xml", "xsd", "sarif", "png", "jpg", "jpeg", "gif", "svg", "pdf", "ico", "zip", "jar", "tar", "7z",
            "rpm", "deb", "iso", "img", "qcow2", "pyc", "class", "o", "ko", "so", "patch", "diff", "meta");

    private final List<PathMatcher> includes = new ArrayList<>();
    private final List<PathMatcher> excludes = new ArrayList<>();
    private final boolean defaultSkip;
    private int skippedNotLogs;
    private int skippedByGlob;

    /**
     * @param includes globs a file must match one of (none: every file)
     * @param excludes globs no file may match
     */
    public InputFilter(List<String> includes, List<String> excludes) {
        for (String g : includes) {
            this.includes.add(matcher(g));
        }
        for (String g : excludes) {
            this.excludes.add(matcher(g));
        }
        // an --include says exactly what to take: the default skip would second-guess it
        this.defaultSkip = includes.isEmpty();
    }

    public static InputFilter none() {
        return new InputFilter(List.of(), List.of());
    }

    /** Checks a glob, for a usage error before anything is read. */
    public static void check(String glob) {
        matcher(glob);
    }

    private static PathMatcher matcher(String glob) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad glob '" + glob + "': " + e.getMessage(), e);
        }
    }

    /** Whether a file met in a directory walk is analysed; {@code relative} is its path below the directory named. */
    boolean accept(Path relative) {
        Path name = relative.getFileName();
        if (!includes.isEmpty() && includes.stream().noneMatch(m -> m.matches(relative) || m.matches(name))) {
            skippedByGlob++;
            return false;
        }
        if (excludes.stream().anyMatch(m -> m.matches(relative) || m.matches(name))) {
            skippedByGlob++;
            return false;
        }
        if (defaultSkip && clearlyNotALog(name.toString())) {
            skippedNotLogs++;
            return false;
        }
        return true;
    }

    /** Hidden directories below the one named (.git, .cache) hold no consoles; one named directly is read. */
    boolean acceptDirectory(String dirName) {
        return !dirName.startsWith(".");
    }

    static boolean clearlyNotALog(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.startsWith(".")) {
            return true;
        }
        int dot = n.lastIndexOf('.');
        String base = dot > 0 ? n.substring(0, dot) : n;
        if (NOT_LOG_NAMES.contains(n) || NOT_LOG_NAMES.contains(base)) {
            return true;
        }
        return dot > 0 && NOT_LOG_EXTENSIONS.contains(n.substring(dot + 1));
    }

    /** Files left out because they are clearly not logs (the report says how many). */
    public int skippedNotLogs() {
        return skippedNotLogs;
    }

    /** Files left out by --include / --exclude. */
    public int skippedByGlob() {
        return skippedByGlob;
    }
}
