package dev.crashtriage.triage;

import dev.crashtriage.kernel.Incident;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Known crashes and causes, so a CI gate fails only on new ones (semgrep's and ESLint's suppression
 * model). The file is text a reviewer can read in a diff, one entry a line, the title beside each key:
 * <pre>
 * crash 3f1c0a9e5b2d7c41  BUG: unable to handle kernel paging request in __memset
 * cause tg3-napi-poll-crash 3f1c0a9e5b2d7c41  tg3 NAPI poll bug crashes the host under load
 * cause oom-with-page-cache -  OOM kills with plenty of page cache
 * </pre>
 * A crash is its incident fingerprint; a cause is its signature id and the fingerprints of the
 * incidents it explains ("-" for none), so the same cause explaining a new crash is new.
 */
public final class Baseline {
    private final Set<String> crashes;
    private final Set<String> causes;
    private final Set<String> signatures;

    private Baseline(Set<String> crashes, Set<String> causes) {
        this.crashes = crashes;
        this.causes = causes;
        this.signatures = new HashSet<>();
        for (String c : causes) {
            signatures.add(c.substring(0, c.indexOf(' ')));
        }
    }

    public static Baseline empty() {
        return new Baseline(Set.of(), Set.of());
    }

    public boolean isEmpty() {
        return crashes.isEmpty() && causes.isEmpty();
    }

    /** Thrown for a line that is neither a comment nor an entry: the file was edited wrongly. */
    public static final class FormatException extends Exception {
        public FormatException(String message) {
            super(message);
        }
    }

    public static Baseline read(BufferedReader in, String name) throws IOException, FormatException {
        Set<String> crashes = new HashSet<>();
        Set<String> causes = new HashSet<>();
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s+", 4);
            if (f[0].equals("crash") && f.length >= 2) {
                crashes.add(f[1]);
            } else if (f[0].equals("cause") && f.length >= 3) {
                causes.add(f[1] + " " + f[2]);
            } else {
                throw new FormatException(name + ":" + n + ": not a baseline entry (expected 'crash FINGERPRINT title' "
                        + "or 'cause SIGNATURE FINGERPRINTS title'): " + t);
            }
        }
        return new Baseline(crashes, causes);
    }

    public boolean knowsCrash(String fingerprint) {
        return fingerprint != null && crashes.contains(fingerprint);
    }

    /** True when the baseline holds the signature at all (for the summary's per-signature line). */
    public boolean knowsSignature(String signature) {
        return signatures.contains(signature);
    }

    public boolean knowsCause(Cause c, HostResult r) {
        return causes.contains(causeKey(c, r));
    }

    /** "signature fp1,fp2" or "signature -": the cause and the crashes it explains. */
    static String causeKey(Cause c, HostResult r) {
        Map<String, String> fingerprints = new HashMap<>();
        for (Incident i : r.incidents()) {
            fingerprints.put(i.id(), i.fingerprint());
        }
        Set<String> fps = new java.util.TreeSet<>();
        for (String id : c.incidents()) {
            String fp = fingerprints.get(id);
            if (fp != null) {
                fps.add(fp);
            }
        }
        return c.signature() + " " + (fps.isEmpty() ? "-" : String.join(",", fps));
    }

    /** Collects what a run found, for {@code --write-baseline}. */
    public static final class Writer {
        private final Map<String, String> crashes = new TreeMap<>();
        private final Map<String, String> causes = new TreeMap<>();

        public void add(HostResult r) {
            for (Incident i : r.incidents()) {
                if (i.fingerprint() != null) {
                    crashes.putIfAbsent(i.fingerprint(), i.title());
                }
            }
            for (Cause c : r.causes()) {
                causes.putIfAbsent(causeKey(c, r), c.title());
            }
        }

        public void write(java.io.Writer out) throws IOException {
            out.write("# crashtriage baseline: crashes and causes already known. With --baseline FILE, only what is\n"
                    + "# not listed here fails the gate. One entry a line: 'crash FINGERPRINT  title' or\n"
                    + "# 'cause SIGNATURE FINGERPRINTS  title' (FINGERPRINTS: the crashes it explains, '-' for none).\n"
                    + "# Delete a line to make that finding fail again; written by crashtriage analyze --write-baseline.\n");
            for (Map.Entry<String, String> e : crashes.entrySet()) {
                out.write("crash " + e.getKey() + "  " + oneLine(e.getValue()) + "\n");
            }
            for (Map.Entry<String, String> e : causes.entrySet()) {
                out.write("cause " + e.getKey() + "  " + oneLine(e.getValue()) + "\n");
            }
        }

        /** A title from the log on one line of the file: control characters become '?', long ones are cut. */
        private static String oneLine(String s) {
            if (s == null) {
                return "";
            }
            StringBuilder b = new StringBuilder(Math.min(s.length(), 200));
            for (int i = 0; i < s.length() && i < 200; i++) {
                char c = s.charAt(i);
                b.append(c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 ? '?' : c);
            }
            return b.toString();
        }
    }
}
