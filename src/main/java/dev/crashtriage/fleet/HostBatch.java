package dev.crashtriage.fleet;

import dev.crashtriage.kernel.Incident;
import dev.crashtriage.kernel.KernelFacts;
import dev.crashtriage.triage.Cause;
import dev.crashtriage.triage.HostResult;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What one host's stream gives the store in one go: the machine facts, the incidents (all of an input's,
 * or only those that closed since the last batch, as a live receiver sends them) and their causes.
 *
 * @param source    the input ("-" for stdin, a file, or a receiver's name for its stream)
 * @param host      the host name, never null (see {@link #hostFor})
 * @param hostFrom  where the host name came from: "log", "file name" or "stdin"
 * @param kernel    what the log said about kernel and machine
 * @param incidents incidents to record (already recorded ones are recognised and skipped)
 * @param causes    ranked causes; each is recorded against the incidents it explains
 * @param reference when the log was written as far as we know (file modification time, or now): the year
 *                  for timestamps without one
 */
public record HostBatch(String source, String host, String hostFrom, KernelFacts kernel, List<Incident> incidents,
                        List<Cause> causes, Instant reference) {

    public HostBatch {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a host batch needs a host name");
        }
        kernel = kernel == null ? KernelFacts.empty() : kernel;
        incidents = List.copyOf(incidents);
        causes = List.copyOf(causes);
    }

    /** One host's result of {@code analyze}. */
    public static HostBatch of(HostResult r, Instant reference) {
        String[] host = hostFor(r.host(), r.source());
        return new HostBatch(r.source(), host[0], host[1], r.kernel(), r.incidents(), r.causes(), reference);
    }

    /**
     * The host a stream belongs to: the name the log carries (syslog, journal, netconsole), else the input's
     * file name without directories and the usual log extensions ("/var/log/consoles/web1.log.gz" is
     * "web1"), else "stdin". Returns {name, where it came from}.
     */
    public static String[] hostFor(String logHost, String source) {
        if (logHost != null && !logHost.isBlank()) {
            return new String[] {logHost, "log"};
        }
        if (source == null || source.equals("-") || source.isBlank()) {
            return new String[] {"stdin", "stdin"};
        }
        String name = source;
        int bang = name.indexOf('!');
        if (bang > 0) {
            name = name.substring(bang + 1); // an archive member names the host better than the archive
        }
        Path file = Path.of(name).getFileName();
        String base = file == null ? name : file.toString();
        String lower = base.toLowerCase(Locale.ROOT);
        for (String ext : new String[] {".gz", ".xz", ".log", ".txt", ".dmesg", ".console", ".out"}) {
            if (lower.endsWith(ext) && lower.length() > ext.length()) {
                base = base.substring(0, base.length() - ext.length());
                lower = lower.substring(0, lower.length() - ext.length());
            }
        }
        return new String[] {base, "file name"};
    }
}
