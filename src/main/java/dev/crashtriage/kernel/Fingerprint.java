package dev.crashtriage.kernel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A crash's identity across logs and machines: kind, title and function names, nothing volatile. */
public final class Fingerprint {
    private Fingerprint() {
    }

    public static String of(IncidentBuilder b) {
        StringBuilder key = new StringBuilder();
        key.append(b.kind.id()).append('|').append(b.title == null ? "" : b.title);
        int n = 0;
        for (Frame f : b.frames) {
            if (f.reliable() && n++ < 8) {
                key.append('|').append(f.function());
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
