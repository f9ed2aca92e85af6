package dev.crashtriage.input;

import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecompressionTest {
    private static final String LOG = Reads.resource("dmesg-caller-syzkaller-602.log");

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    static byte[] xz(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XZOutputStream x = new XZOutputStream(out, new LZMA2Options())) {
            x.write(plain);
        }
        return out.toByteArray();
    }

    @Test
    void gzipAndXzGiveTheSameRecordsAsPlainText() throws IOException {
        byte[] plain = LOG.getBytes(StandardCharsets.UTF_8);
        Reads.Result text = Reads.read(plain, null);
        Reads.Result gz = Reads.read(gzip(plain), null);
        Reads.Result x = Reads.read(xz(plain), null);
        assertNull(text.summary().compression());
        assertEquals("gzip", gz.summary().compression());
        assertEquals("xz", x.summary().compression());
        assertEquals(text.records(), gz.records());
        assertEquals(text.records(), x.records());
        assertEquals(plain.length, gz.summary().bytes());
        assertTrue(gz.summary().problems().isEmpty());
    }

    @Test
    void multiMemberGzipIsReadToTheEnd() throws IOException {
        byte[] plain = LOG.getBytes(StandardCharsets.UTF_8);
        int half = LOG.indexOf('\n', plain.length / 2) + 1;
        byte[] a = gzip(Arrays.copyOfRange(plain, 0, half));
        byte[] b = gzip(Arrays.copyOfRange(plain, half, plain.length));
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertEquals(Reads.read(plain, null).records(), Reads.read(both, null).records());
    }

    @Test
    void truncatedArchivesKeepWhatCameBeforeTheDamage() throws IOException {
        // xz decodes a whole LZMA2 chunk (up to 64 KiB compressed) at once: the input must span several.
        byte[] plain = variedLog(30_000).getBytes(StandardCharsets.UTF_8);
        List<String> all = Reads.read(plain, LogFormat.DMESG).texts();
        for (byte[] archive : List.of(gzip(plain), xz(plain))) {
            byte[] cut = Arrays.copyOf(archive, archive.length * 2 / 5);
            Reads.Result r = Reads.read(new java.io.ByteArrayInputStream(cut), LogFormat.DMESG, InputLimits.defaults());
            assertFalse(r.records().isEmpty(), r.summary().compression());
            assertTrue(r.records().size() < all.size(), r.summary().compression());
            assertEquals(all.subList(0, r.records().size() - 1), r.texts().subList(0, r.records().size() - 1),
                    "records before the damage are intact");
            assertEquals(1, r.summary().problems().size());
            InputProblem p = r.summary().problems().get(0);
            assertTrue(p.fatal());
            assertTrue(p.message().startsWith("damaged or truncated " + r.summary().compression()), p.message());
        }
    }

    /** Register dumps with varying values: text that does not compress to almost nothing. */
    private static String variedLog(int lines) {
        java.util.Random random = new java.util.Random(7);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            b.append(String.format("[%5d.%06d][T10420] RAX: %016x RBX: %016x RCX: %016x%n", 60 + i / 1000, i % 1000 * 997,
                    random.nextLong(), random.nextLong(), random.nextLong()));
        }
        return b.toString();
    }

    @Test
    void corruptBytesInTheMiddleAreReported() throws IOException {
        byte[] plain = LOG.repeat(40).getBytes(StandardCharsets.UTF_8);
        byte[] gz = gzip(plain);
        for (int i = gz.length / 2; i < gz.length / 2 + 64; i++) {
            gz[i] ^= 0x5a;
        }
        Reads.Result r = Reads.read(gz, null);
        assertFalse(r.records().isEmpty());
        assertTrue(r.summary().problems().stream().anyMatch(InputProblem::fatal));
    }

    @Test
    void detectedByContentNotName() {
        // A file that only starts like gzip (no deflate method byte) is read as text.
        Reads.Result r = Reads.read(new byte[] {0x1f, (byte) 0x8b, 'x', '\n', 'o', 'k', '\n'}, LogFormat.PLAIN);
        assertNull(r.summary().compression());
        assertEquals("ok", r.texts().get(1));
    }
}
