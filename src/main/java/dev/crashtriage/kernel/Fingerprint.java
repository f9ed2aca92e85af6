package dev.crashtriage.kernel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A crash's identity across logs and machines: kind, normalized title and the first reliable
 * function names of its stack. Addresses, offsets, PIDs, CPU numbers, times, task names with
 * numbers and compiler suffixes (".isra.0", ".cold") are normalized away, so the same bug hit on
 * another machine or build gets the same value while different bugs differ.
 */
public final class Fingerprint {
    /**
     * Version of the rules behind titles and guilty frames (and so behind fingerprints). Raised whenever a
     * rule change can change the title of the same report; a store that keeps fingerprints compares it.
     */
    public static final int VERSION = FrameRoles.VERSION;

    /** Frames beyond the first few are often the syscall or worker entry path shared by unrelated bugs. */
    private static final int FRAMES = 6;

    private static final Pattern HEX = Pattern.compile("\\b(?:0x)?[0-9a-f]{6,}\\b");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+");
    private static final Pattern OFFSET = Pattern.compile("\\+0x[0-9a-f]+(?:/0x[0-9a-f]+)?");

    private Fingerprint() {
    }

    public static String of(IncidentBuilder b) {
        StringBuilder key = new StringBuilder();
        key.append(b.kind.id()).append('|').append(normalizeTitle(b.title));
        int n = 0;
        for (Frame f : b.frames) {
            if (n >= FRAMES) {
                break;
            }
            if (!f.reliable() || "registers".equals(f.section())) {
                continue;
            }
            String name = FrameParser.baseName(f.function());
            if (name == null || CrashTitler.isGeneric(name, java.util.List.of())) {
                continue;
            }
            key.append('|').append(name);
            n++;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The title without anything that differs between two hits of the same bug. */
    static String normalizeTitle(String title) {
        if (title == null) {
            return "";
        }
        String t = OFFSET.matcher(title).replaceAll("");
        t = HEX.matcher(t).replaceAll("ADDR");
        return NUMBER.matcher(t).replaceAll("N");
    }
}
