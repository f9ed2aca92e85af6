package dev.crashtriage.signature;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * The YAML trees of a user's signature folders, kept between runs in the compact catalogue's tree form, so that a
 * run with the same {@code --signatures DIR} as the last one starts no YAML parser: with hundreds of user files,
 * parsing them was nearly all of a run's start-up (docs/performance.md, "10x the signatures").
 *
 * <p>One file per folder in the cache directory. A file's tree is reused only when its size, modification time and
 * file key (device and inode) are those it had when it was parsed, and the whole cache file was written by this
 * tool build ({@code stamp}) for this folder and passes its checksum; anything else (another build, a cut or
 * damaged file, a changed signature) is parsed again and the cache rewritten. Only the parse is cached: the
 * loader's validation runs on the trees every time, and a YAML syntax error is kept with its line and column, so
 * every message is the one a parse gives.
 */
public final class UserTreeCache {
    private static final int MAGIC = 0x43545531; // "CTU1"
    private static final int FORMAT = 2;

    private final Path directory;
    private final String stamp;
    private final AtomicInteger parsed = new AtomicInteger();

    /**
     * @param directory where the cache files go (created when first written)
     * @param toolBuild what identifies the build that parses (version and commit): another build's trees are not used
     */
    public UserTreeCache(Path directory, String toolBuild) {
        this.directory = directory;
        this.stamp = FORMAT + " " + toolBuild + " " + codeIdentity();
    }

    /** The jar (or class folder) this class came from, by size and time: a rebuilt jar does not trust old trees. */
    private static String codeIdentity() {
        try {
            java.security.CodeSource src = UserTreeCache.class.getProtectionDomain().getCodeSource();
            if (src == null || src.getLocation() == null) {
                return "?";
            }
            Path p = Path.of(src.getLocation().toURI());
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.isRegularFile() ? a.size() + "@" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) : "classes";
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            return "?";
        }
    }

    /** The cache file of one signature folder. */
    Path fileFor(Path folder) {
        return directory.resolve("signatures-" + hash(folder.toAbsolutePath().normalize().toString()) + ".bin");
    }

    /** The trees stored for a folder (none when there is no usable cache file), ready to be looked up and added to. */
    Folder open(Path folder) {
        Path abs = folder.toAbsolutePath().normalize();
        return new Folder(abs, fileFor(folder), read(fileFor(folder), abs));
    }

    /** What is known of one file: how it looked when parsed, and its tree or the YAML error that stopped it. */
    record Entry(long size, long modifiedNanos, String fileKey, YamlNode root, int errorLine, int errorColumn,
                 String errorProblem) {
        boolean matches(BasicFileAttributes a) {
            return a.size() == size && a.lastModifiedTime().to(TimeUnit.NANOSECONDS) == modifiedNanos
                    && java.util.Objects.equals(fileKey, keyOf(a));
        }

        /** The parse's outcome, the error named as the file is shown in this run. */
        SignatureException error(String shown) {
            return root != null ? null : new SignatureException(shown, errorLine, errorColumn, errorProblem);
        }
    }

    private static String keyOf(BasicFileAttributes a) {
        return a.fileKey() == null ? null : a.fileKey().toString();
    }

    /** The trees of one folder during one load; files are looked up and parsed from several threads at once. */
    final class Folder {
        private final Path abs;
        private final Path cacheFile;
        private final Map<String, Entry> stored;
        private final Map<String, Entry> fresh = new ConcurrentHashMap<>();
        private volatile boolean parsedAny;

        private Folder(Path abs, Path cacheFile, Map<String, Entry> stored) {
            this.abs = abs;
            this.cacheFile = cacheFile;
            this.stored = stored;
        }

        /**
         * The tree of a signature file (or its YAML error), from the cache when the file is unchanged, else parsed.
         *
         * @throws IOException when the file cannot be read
         */
        Entry tree(Path file, String shown) throws IOException {
            String name = name(file);
            BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class);
            Entry known = stored.get(name);
            if (known != null && known.matches(before)) {
                fresh.put(name, known);
                return known;
            }
            // attributes taken before the read: a file changed while being read is parsed again next time
            String text = Files.readString(file, StandardCharsets.UTF_8);
            parsed.incrementAndGet();
            parsedAny = true;
            Entry e;
            try {
                YamlNode root = new YamlTreeReader(shown).read(text);
                e = new Entry(before.size(), before.lastModifiedTime().to(TimeUnit.NANOSECONDS), keyOf(before), root,
                        0, 0, null);
            } catch (SignatureException bad) {
                e = new Entry(before.size(), before.lastModifiedTime().to(TimeUnit.NANOSECONDS), keyOf(before), null,
                        bad.line(), bad.column(), bad.problem());
            }
            fresh.put(name, e);
            return e;
        }

        /**
         * Writes the cache file when this load parsed anything or the folder lost files, keeping only the files
         * this load met. A cache that cannot be written is no error: the next run parses again.
         */
        void save() {
            if (!parsedAny && fresh.keySet().equals(stored.keySet())) {
                return;
            }
            Path tmp = null;
            try {
                Files.createDirectories(directory);
                tmp = Files.createTempFile(directory, "signatures-", ".tmp");
                Files.write(tmp, bytes(abs.toString(), new java.util.TreeMap<>(fresh)));
                try {
                    Files.move(tmp, cacheFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING);
                }
                tmp = null;
            } catch (IOException | RuntimeException e) {
                // the cache only saves time: a read-only or full disk leaves the run as it was without it
            } finally {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // a stray temporary file in the cache directory is harmless
                    }
                }
            }
        }

        private String name(Path file) {
            Path a = file.toAbsolutePath().normalize();
            return a.startsWith(abs) ? abs.relativize(a).toString() : a.toString();
        }
    }

    private byte[] bytes(String folder, Map<String, Entry> entries) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(1 << 16);
        DataOutputStream out = new DataOutputStream(buf);
        out.writeInt(MAGIC);
        BinaryStrings.write(out, stamp);
        BinaryStrings.write(out, folder);
        // every key and text once, in a table the trees index: copies of a signature, and the keys of any
        // catalogue, repeat most strings, and a shared string is read (and hashed) once
        Map<String, Integer> table = new java.util.LinkedHashMap<>();
        for (Entry e : entries.values()) {
            if (e.root() != null) {
                collect(e.root(), table);
            }
        }
        out.writeInt(table.size());
        for (String t : table.keySet()) {
            BinaryStrings.write(out, t);
        }
        StringIndexes indexes = new StringIndexes(table, null);
        out.writeInt(entries.size());
        for (Map.Entry<String, Entry> me : entries.entrySet()) {
            Entry e = me.getValue();
            BinaryStrings.write(out, me.getKey());
            out.writeLong(e.size());
            out.writeLong(e.modifiedNanos());
            BinaryStrings.write(out, e.fileKey());
            out.writeBoolean(e.root() != null);
            if (e.root() != null) {
                CompactCatalog.writeNode(out, e.root(), indexes);
            } else {
                out.writeInt(e.errorLine());
                out.writeInt(e.errorColumn());
                BinaryStrings.write(out, e.errorProblem());
            }
        }
        CRC32 crc = new CRC32();
        crc.update(buf.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        return buf.toByteArray();
    }

    /** The stored entries, or none when the file is missing, from another build or folder, cut or damaged. */
    private Map<String, Entry> read(Path cacheFile, Path folder) {
        byte[] b;
        try {
            if (!Files.isRegularFile(cacheFile)) {
                return Map.of();
            }
            b = Files.readAllBytes(cacheFile);
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        if (b.length < 16) {
            return Map.of();
        }
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 8);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
        try {
            in.skipNBytes(b.length - 8);
            if (in.readLong() != crc.getValue()) {
                return Map.of();
            }
            in = new DataInputStream(new ByteArrayInputStream(b, 0, b.length - 8));
            if (in.readInt() != MAGIC || !stamp.equals(BinaryStrings.read(in))
                    || !folder.toString().equals(BinaryStrings.read(in))) {
                return Map.of();
            }
            int strings = in.readInt();
            if (strings < 0 || strings > b.length) {
                return Map.of();
            }
            String[] table = new String[strings];
            for (int i = 0; i < strings; i++) {
                table[i] = BinaryStrings.readPresent(in);
            }
            StringIndexes indexes = new StringIndexes(null, table);
            int n = in.readInt();
            Map<String, Entry> out = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String name = BinaryStrings.readPresent(in);
                long size = in.readLong();
                long modified = in.readLong();
                String key = BinaryStrings.read(in);
                Entry e = in.readBoolean()
                        ? new Entry(size, modified, key, CompactCatalog.readNode(in, indexes), 0, 0, null)
                        : new Entry(size, modified, key, null, in.readInt(), in.readInt(), BinaryStrings.readPresent(in));
                out.put(name, e);
            }
            return in.available() == 0 ? out : Map.of();
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /**
     * A tree's strings written as their index in the table stored once before the trees: {@code ids} when writing
     * (string to index), {@code table} when reading (index to string).
     */
    private record StringIndexes(Map<String, Integer> ids, String[] table) implements CompactCatalog.Strings {
        @Override
        public void write(DataOutputStream out, String s) throws IOException {
            out.writeInt(ids.get(s));
        }

        @Override
        public String read(DataInputStream in) throws IOException {
            int k = in.readInt();
            if (k < 0 || k >= table.length) {
                throw new IOException("string index " + k);
            }
            return table[k];
        }
    }

    private static void collect(YamlNode node, Map<String, Integer> table) {
        if (node instanceof YamlNode.Scalar sc) {
            if (sc.text() != null) {
                table.putIfAbsent(sc.text(), table.size());
            }
        } else if (node instanceof YamlNode.Sequence q) {
            q.items().forEach(item -> collect(item, table));
        } else if (node instanceof YamlNode.Mapping m) {
            for (YamlNode.Entry e : m.entries().values()) {
                table.putIfAbsent(e.key(), table.size());
                collect(e.value(), table);
            }
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                hex.append(String.format("%02x", d[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            return Integer.toHexString(s.hashCode());
        }
    }

    /** How many files the loads through this cache parsed (the others came from the cache). */
    int parsedFiles() {
        return parsed.get();
    }

    /** The files a folder's cache holds, by name relative to the folder (tests). */
    List<String> storedNames(Path folder) {
        return List.copyOf(new java.util.TreeSet<>(read(fileFor(folder), folder.toAbsolutePath().normalize()).keySet()));
    }
}
