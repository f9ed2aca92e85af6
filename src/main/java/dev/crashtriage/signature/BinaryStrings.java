package dev.crashtriage.signature;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Strings in the build-time compiled resources (the compact catalogue, the compiled fallback causes): an int
 * length, then UTF-8 bytes, -1 for null. Not {@code writeUTF}, which stops at 64 KiB where a description has no
 * such bound; a length past 16 MiB is a damaged file, not a string.
 */
public final class BinaryStrings {
    private static final int MAX_BYTES = 1 << 24;

    private BinaryStrings() {
    }

    public static void write(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** The string, or null where null was written. */
    public static String read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > MAX_BYTES) {
            throw new IOException("string length " + n);
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /** A string that cannot be null where the format holds one. */
    public static String readPresent(DataInputStream in) throws IOException {
        String s = read(in);
        if (s == null) {
            throw new IOException("string length -1");
        }
        return s;
    }

    /** A list of strings: its size, then each string; -1 for null. */
    public static void writeList(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list == null ? -1 : list.size());
        if (list != null) {
            for (String s : list) {
                write(out, s);
            }
        }
    }

    /** The list {@link #writeList} wrote, or null where null was written. */
    public static List<String> readList(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        List<String> list = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            list.add(read(in));
        }
        return list;
    }
}
