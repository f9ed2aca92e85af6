package dev.crashtriage.signature;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The signatures in force for a run: the built-in ones from the classpath folder {@code signatures/},
 * then the user's directories in order; a user signature with a built-in id replaces it. Loading
 * never stops at the first broken file: every error is kept, and the catalogue holds the good ones.
 */
public final class SignatureCatalog {
    /** The classpath folder the build packages the repo's {@code signatures/} into. */
    public static final String RESOURCE_ROOT = "signatures";

    private final Map<String, Signature> byId;
    private final List<SignatureException> errors;

    private SignatureCatalog(Map<String, Signature> byId, List<SignatureException> errors) {
        this.byId = byId;
        this.errors = errors;
    }

    /** A catalogue of exactly these signatures (tests, samples). */
    public static SignatureCatalog of(List<Signature> signatures) {
        Map<String, Signature> m = new LinkedHashMap<>();
        for (Signature s : signatures) {
            m.put(s.id(), s);
        }
        return new SignatureCatalog(Collections.unmodifiableMap(m), List.of());
    }

    /** The built-in catalogue only. */
    public static SignatureCatalog builtIn() {
        return load(List.of());
    }

    /** Built-ins, then each user directory in order. */
    public static SignatureCatalog load(List<Path> userDirs) {
        List<SignatureException> errors = new ArrayList<>();
        List<Path> roots = builtInRoots(errors);
        return load(roots, userDirs, errors);
    }

    /**
     * The given built-in roots (classpath folders named {@code signatures}), then each user directory.
     *
     * @param errors problems already met (finding the roots); more are added
     */
    static SignatureCatalog load(List<Path> builtInRoots, List<Path> userDirs, List<SignatureException> errors) {
        return load(builtInRoots, userDirs, errors, null);
    }

    private static SignatureCatalog load(List<Path> builtInRoots, List<Path> userDirs, List<SignatureException> errors,
                                         UserTreeCache cache) {
        List<Signature> builtIns = new ArrayList<>();
        for (Path root : builtInRoots) {
            builtIns.addAll(loadDir(root, root.getParent() == null ? root : root.getParent(), errors, null));
        }
        return assemble(builtIns, userDirs, errors, cache);
    }

    /**
     * What an analysis needs, fast: the built-ins from the compact form the build wrote ({@link CompactCatalog}: no
     * YAML parser starts), then each user directory from YAML. Built-ins loaded this way have no {@code path}:
     * only lint and test read samples, and they use {@link #load(List)}. A class folder the build did not finish
     * (no compact form) falls back to the YAML built-ins.
     */
    public static SignatureCatalog forAnalysis(List<Path> userDirs) {
        return forAnalysis(userDirs, null);
    }

    /**
     * {@link #forAnalysis(List)}, with the user directories' YAML trees kept between runs in {@code cache} (null:
     * none), so that a run with the same folders as the last one parses only the files that changed.
     */
    public static SignatureCatalog forAnalysis(List<Path> userDirs, UserTreeCache cache) {
        List<SignatureException> errors = new ArrayList<>();
        List<Signature> builtIns = compactBuiltIns(errors);
        return builtIns == null ? load(builtInRoots(errors), userDirs, errors, cache)
                : assemble(builtIns, userDirs, errors, cache);
    }

    /** The compact built-ins, or null when this jar or class folder has no readable compact form. */
    static List<Signature> compactBuiltIns(List<SignatureException> errors) {
        CompactCatalog.Contents contents;
        try (java.io.InputStream in = SignatureCatalog.class.getResourceAsStream(CompactCatalog.RESOURCE)) {
            if (in == null) {
                return null;
            }
            contents = CompactCatalog.readAll(new java.io.DataInputStream(new java.io.BufferedInputStream(in)));
        } catch (IOException e) {
            return null;
        }
        List<Signature> out = new ArrayList<>();
        LinePattern.Extracted extracted = LinePattern.Extracted.of(contents.literals());
        for (CompactCatalog.File f : contents.files()) {
            if (f.unreadable() != null) {
                errors.add(f.unreadable());
                continue;
            }
            SignatureLoader.Result r = SignatureLoader.fromValidatedTree(f.shown(), f.fileName(), f.root(), extracted);
            errors.addAll(r.errors());
            if (r.ok()) {
                out.add(r.signature());
            }
        }
        return out;
    }

    /** Built-ins (duplicate ids are errors), then each user directory in order, replacing built-ins by id. */
    private static SignatureCatalog assemble(List<Signature> builtIns, List<Path> userDirs,
                                             List<SignatureException> errors, UserTreeCache cache) {
        Map<String, Signature> byId = new LinkedHashMap<>();
        Map<String, String> builtInFile = new LinkedHashMap<>();
        for (Signature s : builtIns) {
            String other = builtInFile.putIfAbsent(s.id(), s.file());
            if (other != null) {
                errors.add(new SignatureException(s.file(), 1, 1, "duplicate id '" + s.id() + "', also in " + other));
            } else {
                byId.put(s.id(), s);
            }
        }
        Map<String, String> userFile = new LinkedHashMap<>();
        for (Path dir : userDirs) {
            if (!Files.isDirectory(dir)) {
                errors.add(new SignatureException(dir.toString(), 1, 1, "no such signature directory"));
                continue;
            }
            for (Signature s : loadDir(dir, null, errors, cache)) {
                String other = userFile.putIfAbsent(s.id(), s.file());
                if (other != null) {
                    errors.add(new SignatureException(s.file(), 1, 1, "duplicate id '" + s.id() + "', also in " + other));
                } else {
                    byId.put(s.id(), s.asUser());
                }
            }
        }
        return new SignatureCatalog(Collections.unmodifiableMap(byId), List.copyOf(errors));
    }

    /**
     * Loads every {@code .yml}/{@code .yaml} under a directory, in path order, with the duplicate-id
     * check; what {@code signatures lint DIR} and {@code signatures test DIR} read.
     */
    public static SignatureCatalog loadOnly(Path dir) {
        List<SignatureException> errors = new ArrayList<>();
        Map<String, Signature> byId = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            errors.add(new SignatureException(dir.toString(), 1, 1, "no such signature directory"));
        } else {
            for (Signature s : loadDir(dir, null, errors, null)) {
                Signature prev = byId.putIfAbsent(s.id(), s);
                if (prev != null) {
                    errors.add(new SignatureException(s.file(), 1, 1, "duplicate id '" + s.id() + "', also in " + prev.file()));
                }
            }
        }
        return new SignatureCatalog(Collections.unmodifiableMap(byId), List.copyOf(errors));
    }

    /**
     * @param relativeTo shown file names are relative to this (built-ins), or null for the path as found
     * @param cache      where the folder's YAML trees are kept between runs, or null to parse every file
     */
    private static List<Signature> loadDir(Path dir, Path relativeTo, List<SignatureException> errors,
                                           UserTreeCache cache) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(SignatureCatalog::isSignatureFile).sorted().toList();
        } catch (IOException | RuntimeException e) {
            errors.add(new SignatureException(dir.toString(), 1, 1, "cannot read directory: " + e.getMessage()));
            return List.of();
        }
        // Files are independent, so they are read on every core (a big catalogue's load is YAML parsing and regex
        // compiling, nearly all of its start-up); results are taken in path order, so signatures and errors come out
        // in the same order as one by one.
        CompiledPatterns compiled = new CompiledPatterns();
        UserTreeCache.Folder trees = cache == null ? null : cache.open(dir);
        List<SignatureLoader.Result> results = files.parallelStream()
                .map(f -> loadFile(f, relativeTo, compiled, trees))
                .toList();
        if (trees != null) {
            trees.save();
        }
        List<Signature> out = new ArrayList<>();
        for (SignatureLoader.Result r : results) {
            errors.addAll(r.errors());
            if (r.ok()) {
                out.add(r.signature());
            }
        }
        return out;
    }

    private static SignatureLoader.Result loadFile(Path f, Path relativeTo, CompiledPatterns compiled,
                                                   UserTreeCache.Folder trees) {
        String shown = relativeTo == null ? f.toString() : relativeTo.relativize(f).toString();
        String text = null;
        UserTreeCache.Entry tree = null;
        try {
            if (trees == null) {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } else {
                tree = trees.tree(f, shown);
            }
        } catch (IOException | RuntimeException e) {
            return new SignatureLoader.Result(null, List.of(new SignatureException(shown, 1, 1, "cannot read: " + e.getMessage())));
        }
        if (tree == null) {
            return SignatureLoader.load(shown, f, text, compiled);
        }
        return tree.root() == null ? new SignatureLoader.Result(null, List.of(tree.error(shown)))
                : SignatureLoader.fromTree(shown, f, tree.root(), compiled);
    }

    /** A {@code .yml} or {@code .yaml} regular file: what the catalogue reads from a folder. */
    static boolean isSignatureFile(Path p) {
        String n = p.getFileName() == null ? "" : p.getFileName().toString();
        return (n.endsWith(".yml") || n.endsWith(".yaml")) && Files.isRegularFile(p);
    }

    /**
     * The built-in {@code signatures/} folder shipped beside this class, whether in a directory (development) or
     * in the jar. Only that one: a class path that also holds the working directory (an empty entry) must not
     * load a source checkout's {@code signatures/} a second time.
     */
    static List<Path> builtInRoots(List<SignatureException> errors) {
        try {
            URL shipped = shippedRoot();
            if (shipped != null) {
                return rootAt(shipped, errors);
            }
        } catch (IOException | RuntimeException e) {
            errors.add(new SignatureException(RESOURCE_ROOT, 1, 1, "cannot read the built-in signatures: " + e.getMessage()));
            return List.of();
        }
        return builtInRoots(SignatureCatalog.class.getClassLoader(), errors);
    }

    /** The first {@code signatures/} folder a class loader sees. */
    static List<Path> builtInRoots(ClassLoader cl, List<SignatureException> errors) {
        URL url = cl.getResource(RESOURCE_ROOT);
        return url == null ? List.of() : rootAt(url, errors);
    }

    private static List<Path> rootAt(URL url, List<SignatureException> errors) {
        List<Path> roots = new ArrayList<>();
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                roots.add(jarFileSystem(uri).provider().getPath(uri));
            } else if ("file".equals(uri.getScheme())) {
                roots.add(Path.of(uri));
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            errors.add(new SignatureException(RESOURCE_ROOT, 1, 1, "cannot read the built-in signatures: " + e.getMessage()));
        }
        return roots;
    }

    /** {@code signatures/} in the jar or class folder this class was loaded from, or null when it has none. */
    private static URL shippedRoot() throws IOException {
        java.security.CodeSource src = SignatureCatalog.class.getProtectionDomain().getCodeSource();
        if (src == null || src.getLocation() == null) {
            return null;
        }
        URL location = src.getLocation();
        if (location.getPath().endsWith(".jar")) {
            URL candidate = new URL("jar:" + location + "!/" + RESOURCE_ROOT);
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(new java.io.File(location.toURI()))) {
                return jar.getEntry(RESOURCE_ROOT + "/") != null || jar.getEntry(RESOURCE_ROOT) != null ? candidate : null;
            } catch (URISyntaxException e) {
                return null;
            }
        }
        URL candidate = new URL(location, RESOURCE_ROOT);
        try {
            return Files.isDirectory(Path.of(candidate.toURI())) ? candidate : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static FileSystem jarFileSystem(URI uri) throws IOException {
        try {
            return FileSystems.getFileSystem(uri);
        } catch (FileSystemNotFoundException e) {
            try {
                return FileSystems.newFileSystem(uri, Map.of());
            } catch (FileSystemAlreadyExistsException raced) {
                return FileSystems.getFileSystem(uri);
            }
        }
    }

    /**
     * The user directories named by {@code CRASHTRIAGE_SIGNATURES} (':'-separated) and
     * {@code ~/.config/crashtriage/signatures}; the latter only when it exists.
     *
     * @param env  the environment (injected, not System.getenv, so tests can point it at temp dirs)
     * @param home the home directory, or null
     */
    public static List<Path> environmentDirs(Map<String, String> env, Path home) {
        List<Path> out = new ArrayList<>();
        String list = env.get("CRASHTRIAGE_SIGNATURES");
        if (list != null) {
            for (String part : list.split(":")) {
                if (!part.isBlank()) {
                    out.add(Path.of(part));
                }
            }
        }
        if (home != null) {
            Path cfg = home.resolve(".config").resolve("crashtriage").resolve("signatures");
            if (Files.isDirectory(cfg)) {
                out.add(cfg);
            }
        }
        return out;
    }

    public List<Signature> signatures() {
        return List.copyOf(byId.values());
    }

    public Signature get(String id) {
        return byId.get(id);
    }

    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** Every problem met while loading, in the order met. */
    public List<SignatureException> errors() {
        return errors;
    }
}
