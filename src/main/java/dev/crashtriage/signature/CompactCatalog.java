package dev.crashtriage.signature;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The built-in catalogue as the build leaves it: every signature file already read into its YAML tree, with
 * each node's line and column, in a small binary form. Loading it needs no YAML parser, so a run without user
 * signatures never starts Jackson or SnakeYAML; the loader's validation still runs on the trees, so a compact
 * signature is the same signature the YAML gives ({@code CompactCatalogTest} holds the two equal). After the trees
 * comes what {@code LiteralExtractor} gives for each built-in regex and each of the branches it splits into, so that
 * a start does not extract them again ({@code CompactCatalogTest} holds the table equal to the extractor's answers).
 */
final class CompactCatalog {
    /** Where the build writes it inside the jar (pom.xml, execution "compact-catalogue"). */
    static final String RESOURCE = "/crashtriage/catalogue.bin";
    /** Changes whenever the layout below changes, so that a jar never reads a form it does not know. */
    private static final int FORMAT = 2;
    private static final int MAGIC = 0x43544331; // "CTC1"

    private static final byte SCALAR = 0;
    private static final byte SEQUENCE = 1;
    private static final byte MAPPING = 2;
    private static final String[] SCALAR_KINDS = {"string", "number", "boolean", "null"};

    /**
     * One signature file: its YAML tree, or the one error that stopped its YAML from being read.
     *
     * @param shown how messages name it ({@code signatures/fs/xfs-log-corruption.yml})
     */
    record File(String shown, YamlNode root, SignatureException unreadable) {
        /** The file's own name, which the id must equal. */
        String fileName() {
            return shown.substring(shown.lastIndexOf('/') + 1);
        }
    }

    /** What the catalogue holds: the files, and the literals extracted from their regexes by source. */
    record Contents(List<File> files, Map<String, LinePattern.Literals> literals) {
    }

    private CompactCatalog() {
    }

    /** How a tree's strings (keys, scalar texts) are written: inline here, as indexes into a table in the tree cache. */
    interface Strings {
        void write(DataOutputStream out, String s) throws IOException;

        String read(DataInputStream in) throws IOException;
    }

    /** Each string inline ({@link BinaryStrings}). */
    static final Strings INLINE = new Strings() {
        @Override
        public void write(DataOutputStream out, String s) throws IOException {
            BinaryStrings.write(out, s);
        }

        @Override
        public String read(DataInputStream in) throws IOException {
            return BinaryStrings.readPresent(in);
        }
    };

    static void write(List<File> files, Map<String, LinePattern.Literals> literals, DataOutputStream out)
            throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeInt(files.size());
        for (File f : files) {
            BinaryStrings.write(out, f.shown());
            if (f.unreadable() != null) {
                out.writeBoolean(false);
                SignatureException e = f.unreadable();
                out.writeInt(e.line());
                out.writeInt(e.column());
                BinaryStrings.write(out, e.problem());
            } else {
                out.writeBoolean(true);
                writeNode(out, f.root(), INLINE);
            }
        }
        Map<String, LinePattern.Literals> sorted = new TreeMap<>(literals);
        out.writeInt(sorted.size());
        for (Map.Entry<String, LinePattern.Literals> e : sorted.entrySet()) {
            BinaryStrings.write(out, e.getKey());
            BinaryStrings.writeList(out, e.getValue().required());
            BinaryStrings.writeList(out, e.getValue().confirm());
            BinaryStrings.writeList(out, e.getValue().alternatives());
        }
    }

    /** The files only. @throws IOException when the bytes are not this format (another build's jar, a cut file) */
    static List<File> read(DataInputStream in) throws IOException {
        return readAll(in).files();
    }

    /** @throws IOException when the bytes are not this format (another build's jar, a cut file) */
    static Contents readAll(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
            throw new IOException("not a compact catalogue of format " + FORMAT);
        }
        int n = in.readInt();
        List<File> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String shown = BinaryStrings.readPresent(in);
            if (in.readBoolean()) {
                files.add(new File(shown, readNode(in, INLINE), null));
            } else {
                int line = in.readInt();
                int column = in.readInt();
                String problem = BinaryStrings.readPresent(in);
                files.add(new File(shown, null, new SignatureException(shown, line, column, problem)));
            }
        }
        int m = in.readInt();
        if (m < 0) {
            throw new IOException("literal table size " + m);
        }
        Map<String, LinePattern.Literals> literals = new java.util.HashMap<>(Math.min(m, 4096) * 2);
        for (int i = 0; i < m; i++) {
            String source = BinaryStrings.readPresent(in);
            literals.put(source, new LinePattern.Literals(BinaryStrings.readList(in), BinaryStrings.readList(in),
                    BinaryStrings.readList(in)));
        }
        return new Contents(files, literals);
    }

    /** One YAML tree, positions kept; also the form of {@link UserTreeCache}'s trees. */
    static void writeNode(DataOutputStream out, YamlNode node, Strings strings) throws IOException {
        if (node instanceof YamlNode.Scalar s) {
            out.writeByte(SCALAR);
            writePosition(out, s.line(), s.column());
            out.writeByte(kindIndex(s.kind()));
            out.writeBoolean(s.text() != null);
            if (s.text() != null) {
                strings.write(out, s.text());
            }
        } else if (node instanceof YamlNode.Sequence q) {
            out.writeByte(SEQUENCE);
            writePosition(out, q.line(), q.column());
            out.writeInt(q.items().size());
            for (YamlNode item : q.items()) {
                writeNode(out, item, strings);
            }
        } else if (node instanceof YamlNode.Mapping m) {
            out.writeByte(MAPPING);
            writePosition(out, m.line(), m.column());
            out.writeInt(m.entries().size());
            for (YamlNode.Entry e : m.entries().values()) {
                strings.write(out, e.key());
                writePosition(out, e.line(), e.column());
                writeNode(out, e.value(), strings);
            }
        }
    }

    static YamlNode readNode(DataInputStream in, Strings strings) throws IOException {
        byte tag = in.readByte();
        int line = in.readInt();
        int column = in.readInt();
        switch (tag) {
            case SCALAR: {
                String kind = SCALAR_KINDS[in.readByte()];
                String text = in.readBoolean() ? strings.read(in) : null;
                return new YamlNode.Scalar(text, kind, line, column);
            }
            case SEQUENCE: {
                int n = in.readInt();
                List<YamlNode> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(readNode(in, strings));
                }
                return new YamlNode.Sequence(items, line, column);
            }
            case MAPPING: {
                int n = in.readInt();
                Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String key = strings.read(in);
                    int kl = in.readInt();
                    int kc = in.readInt();
                    entries.put(key, new YamlNode.Entry(key, kl, kc, readNode(in, strings)));
                }
                return new YamlNode.Mapping(entries, line, column);
            }
            default:
                throw new IOException("unknown node tag " + tag);
        }
    }

    private static int kindIndex(String kind) {
        for (int i = 0; i < SCALAR_KINDS.length; i++) {
            if (SCALAR_KINDS[i].equals(kind)) {
                return i;
            }
        }
        throw new IllegalArgumentException("scalar kind " + kind);
    }

    private static void writePosition(DataOutputStream out, int line, int column) throws IOException {
        out.writeInt(line);
        out.writeInt(column);
    }
}
