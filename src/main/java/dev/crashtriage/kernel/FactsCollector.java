package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects kernel and machine facts from a stream: kernel version, architecture, build string, hardware name,
 * taint, modules, boot sessions (and the unclean reboots between them), and counts of context lines that are
 * not incidents (userspace segfaults, oom_reaper, userspace general protection faults).
 *
 * <p>Per-line work is a handful of {@code startsWith}/{@code indexOf} checks; regexes run only on the rare
 * lines that passed them.
 */
public final class FactsCollector {
    private static final int MAX_MODULES = 4_000;

    private static final Pattern BANNER = Pattern.compile("Linux version (\\S+)");
    private static final Pattern TAINT_LINE = Pattern.compile(
            "(?:Not tainted|Tainted: ([A-Z][A-Z ]*?))\\s+(\\d[^\\s]*)(?:\\s+(#.*))?$");
    private static final Pattern EFLAGS_VERSION = Pattern.compile("EFLAGS: [0-9a-fA-F]+\\s+\\((\\d[^)\\s]*)\\)");

    private String bannerVersion;
    private String build;
    private String taintVersion;
    private String taintBuild;
    private String eflagsVersion;
    private String registerArch;
    private String hardware;
    private String taint;
    private final Set<String> modules = new LinkedHashSet<>();
    private final Map<String, String> moduleFlags = new LinkedHashMap<>();
    private String lastUnloaded;
    private final Map<String, Integer> context = new LinkedHashMap<>();
    private final MachineFactsScanner machine = new MachineFactsScanner();

    private final BootTracker boots = new BootTracker();

    public void accept(LogRecord r) {
        boots.accept(r);
        String t = r.text();
        if (!r.kernel() || t.isEmpty()) {
            return;
        }
        readFacts(t);
    }

    /** The boot of the last accepted record (final once seen: see {@link BootTracker}). */
    public int currentBoot() {
        return boots.current();
    }

    /** "X" of "Linux version X ...", or null. */
    static String bannerVersion(String t) {
        Matcher m = BANNER.matcher(t);
        return m.lookingAt() ? m.group(1) : null;
    }

    private void readFacts(String t) {
        char c = t.charAt(0);
        if (c == 'L' && t.startsWith("Linux version ")) {
            Matcher m = BANNER.matcher(t);
            if (m.lookingAt()) {
                bannerVersion = m.group(1);
                int hash = t.indexOf(") #");
                hash = hash >= 0 ? hash + 2 : t.indexOf(" #");
                if (hash >= 0) {
                    build = t.substring(t.charAt(hash) == '#' ? hash : hash + 1).trim();
                }
            }
            return;
        }
        int ainted = t.indexOf("ainted"); // one scan for both "Not tainted" and "Tainted: "
        if (ainted > 0 && (t.startsWith("Not tainted", ainted - 5) || t.startsWith("Tainted: ", ainted - 1))) {
            Matcher m = TAINT_LINE.matcher(t);
            if (m.find()) {
                if (m.group(1) != null) {
                    taint = m.group(1).trim();
                }
                if (taintVersion == null) {
                    taintVersion = m.group(2);
                    taintBuild = m.group(3);
                }
            } else if (t.indexOf("Tainted: ") >= 0) {
                String tok = TextScan.tokenAfter(t, "Tainted: ", "");
                if (tok != null) {
                    taint = tok;
                }
            }
            return;
        }
        if (c == 'H' && t.startsWith("Hardware name: ")) {
            if (hardware == null) {
                hardware = t.substring("Hardware name: ".length()).trim();
            }
            return;
        }
        if (c == 'D' && t.startsWith("DMI: ")) {
            if (hardware == null) {
                hardware = t.substring(5).trim();
            }
            return;
        }
        if (c == 'M' && t.startsWith("Modules linked in:")) {
            ModuleList list = ModuleList.parse(t);
            for (String mod : list.names()) {
                if (modules.size() < MAX_MODULES) {
                    modules.add(mod);
                }
            }
            list.flags().forEach((mod, f) -> {
                if (moduleFlags.size() < MAX_MODULES) {
                    moduleFlags.put(mod, f);
                }
            });
            if (list.lastUnloaded() != null) {
                lastUnloaded = list.lastUnloaded();
            }
            return;
        }
        if (c == 'E' && t.startsWith("EFLAGS: ")) {
            Matcher m = EFLAGS_VERSION.matcher(t);
            if (m.find() && eflagsVersion == null) {
                eflagsVersion = m.group(1);
            }
            if (registerArch == null) {
                registerArch = "i386";
            }
            return;
        }
        if (registerArch == null || "arm".equals(registerArch)) {
            // arm64 kernels up to 4.x print the 32-bit style "PC is at" before their "pc : " line
            String a = archFromRegisters(t);
            if (a != null && (registerArch == null || "arm64".equals(a))) {
                registerArch = a;
            }
        }
        machine.accept(t);
        if (t.indexOf("]: segfault at ") >= 0 && t.indexOf(" ip ") >= 0) {
            context.merge("segfault", 1, Integer::sum);
        } else if (t.startsWith("oom_reaper: reaped process")) {
            context.merge("oom-reaper", 1, Integer::sum);
        } else if (t.startsWith("traps: ") && t.indexOf("general protection") >= 0) {
            context.merge("user-general-protection", 1, Integer::sum);
        }
    }

    /** The register dump names the architecture even when the version string does not. */
    private static String archFromRegisters(String t) {
        char c = t.charAt(0);
        if (c == 'R' && t.startsWith("RIP: ")) {
            return "x86_64";
        }
        if (c == 'E' && (t.startsWith("EIP: ") || t.startsWith("EIP is at "))) {
            return "i386";
        }
        if (c == 'p' && t.startsWith("pc : ")) {
            return "arm64";
        }
        if (c == 'P' && t.startsWith("PC is at ")) {
            return "arm";
        }
        if (c == 'N' && (t.startsWith("NIP: ") || t.startsWith("NIP ["))) {
            return "powerpc";
        }
        if (c == 'K' && t.startsWith("Krnl PSW")) {
            return "s390";
        }
        return null;
    }

    /** Architecture from the kernel release suffix, as distributions name their builds; null when silent. */
    static String archFromVersion(String v) {
        if (v == null) {
            return null;
        }
        String s = v.toLowerCase(java.util.Locale.ROOT);
        if (s.contains("x86_64") || s.contains("amd64")) {
            return "x86_64";
        }
        if (s.contains("aarch64") || s.contains("arm64")) {
            return "arm64";
        }
        if (s.contains("ppc64")) {
            return "powerpc";
        }
        if (s.contains("s390")) {
            return "s390";
        }
        if (s.contains("i686") || s.contains("i586") || s.contains("i386") || s.contains("-686") || s.contains("-486")
                || s.contains("-pae") || s.endsWith(".686") || s.contains("-586")) {
            return "i386";
        }
        if (s.contains("armv7") || s.contains("-armmp") || s.contains("armhf") || s.contains("armel")) {
            return "arm";
        }
        return null;
    }

    /** Incidents that only the facts can tell (unclean reboots), as a live view: each is complete once added. */
    public List<IncidentBuilder> factIncidents() {
        return boots.uncleanReboots();
    }

    /** Boots closed so far (a later boot started), in order; a live view, for the pipeline's boot-closed events. */
    public List<BootSession> closedBoots() {
        return boots.closedBoots();
    }

    /**
     * The boot a line read so far belongs to: the index {@link #finish()}'s boot list will give it, since later
     * boots all start after the lines already read.
     */
    public int bootOf(long line) {
        return boots.bootOf(line);
    }

    public KernelFacts finish() {
        String version = bannerVersion != null ? bannerVersion : taintVersion != null ? taintVersion : eflagsVersion;
        String buildString = build != null ? build : taintBuild;
        String arch = archFromVersion(version);
        if (arch == null) {
            arch = registerArch;
        }
        return new KernelFacts(version, arch, buildString, hardware, taint, TaintFlags.decode(taint),
                List.copyOf(modules), boots.boots(),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(moduleFlags)), lastUnloaded,
                machine.finish(hardware));
    }

    public Map<String, Integer> contextCounts() {
        return context;
    }
}
