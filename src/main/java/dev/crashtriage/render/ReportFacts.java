package dev.crashtriage.render;

import dev.crashtriage.kernel.Incident;
import dev.crashtriage.signature.Evidence;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What the CI formats derive the same way from a cause: where it is in the log, its level, its
 * fingerprint. One place, so SARIF, JUnit, GitHub and GitLab never disagree about a finding.
 */
final class ReportFacts {
    private ReportFacts() {
    }

    /** A severity as its lowercase id, whatever type the model gives it. */
    static String severity(Object severity) {
        return severity == null ? "critical" : severity.toString().toLowerCase(Locale.ROOT);
    }

    /** The span a cause covers: from its first to its last evidence line, else its incidents' lines. */
    record Span(String source, long line, long endLine) {
    }

    static Span span(Cause c, HostResult r) {
        long first = Long.MAX_VALUE;
        long last = 0;
        String source = null;
        for (Evidence e : c.evidence()) {
            if (e.line() > 0 && (source == null || source.equals(e.source()))) {
                source = e.source();
                first = Math.min(first, e.line());
                last = Math.max(last, e.line());
            }
        }
        for (Incident i : explained(c, r)) {
            if (source == null || source.equals(i.source())) {
                source = i.source();
                first = Math.min(first, i.line());
                last = Math.max(last, i.endLine());
            }
        }
        if (source == null) {
            return new Span(r.source(), 1, 1);
        }
        return new Span(source, Math.max(1, first), Math.max(Math.max(1, first), last));
    }

    static List<Incident> explained(Cause c, HostResult r) {
        List<Incident> out = new ArrayList<>();
        for (Incident i : r.incidents()) {
            if (c.incidents().contains(i.id())) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * A stable identity for a finding across runs: the signature and the fingerprints of the crashes it
     * explains; for a cause that explains none, the signature and the input's name.
     */
    static String fingerprint(Cause c, HostResult r) {
        TreeSet<String> fps = new TreeSet<>();
        for (Incident i : explained(c, r)) {
            if (i.fingerprint() != null) {
                fps.add(i.fingerprint());
            }
        }
        String key = c.signature() + "|" + (fps.isEmpty() ? "input:" + r.source() + "|" + r.host() : String.join(",", fps));
        return sha256(key).substring(0, 32);
    }

    static String sha256(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A log name as a relative URI reference for SARIF and GitLab: "-" (stdin) becomes "stdin". */
    static String uri(String source) {
        if (source == null || source.equals("-")) {
            return "stdin";
        }
        String s = source.replace('\\', '/');
        // an archive member ("x.tar.gz!entry") keeps its name; everything is percent-encoded where a URI needs it
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~/!$&'()*+,;=:@".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    /** The first evidence lines of a cause, for a one-paragraph message. */
    static List<Evidence> topEvidence(Cause c, int n) {
        return c.evidence().subList(0, Math.min(n, c.evidence().size()));
    }
}
