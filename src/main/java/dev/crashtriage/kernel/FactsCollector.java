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
    /** Boot markers this close to the start of the current boot describe that same boot (banner after "-- Boot --"). */
    private static final int SAME_BOOT_LINES = 40;
    private static final int MAX_BOOTS = 10_000;
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
    private final Map<String, Integer> context = new LinkedHashMap<>();
    private final MachineFactsScanner machine = new MachineFactsScanner();

    private final List<BootSession> boots = new ArrayList<>();
    private final List<IncidentBuilder> uncleanReboots = new ArrayList<>();
    private long bootLine = -1;
    private String bootStartTime;
    private String bootVersion;
    private boolean bootUnclean;
    private boolean bootHasBanner;
    /** A kernel line with a monotonic time past boot (> 1 s) was seen since this boot started. */
    private boolean bootRunning;
    private boolean panicSinceBoot;
    private LogRecord lastTimedRecord;
    private boolean sawLines;
    private boolean cleanShutdown;
    private LogRecord lastRecord;
    private double lastMono = Double.NaN;

    public void accept(LogRecord r) {
        String t = r.text();
        boolean bootMarker = isBootMarker(r, t);
        if (bootMarker) {
            startBoot(r, t);
        } else if (bootLine < 0) {
            bootLine = r.line();
            bootStartTime = r.wallTime();
        }
        if (isCleanShutdown(r, t)) {
            cleanShutdown = true;
        }
        if (r.hasMonoTime()) {
            lastMono = r.monoTime();
            lastTimedRecord = r;
            if (r.monoTime() > 1.0) {
                bootRunning = true;
            }
        }
        if (t.startsWith("Kernel panic") || t.startsWith("Rebooting in ")) {
            panicSinceBoot = true;
        }
        if (!t.isBlank()) {
            sawLines = true;
            lastRecord = r;
        }
        if (!r.kernel() || t.isEmpty()) {
            return;
        }
        readFacts(t);
    }

    private void readFacts(String t) {
        char c = t.charAt(0);
        if (c == 'L' && t.startsWith("Linux version ")) {
            Matcher m = BANNER.matcher(t);
            if (m.lookingAt()) {
                bannerVersion = m.group(1);
                bootVersion = bannerVersion;
                bootHasBanner = true;
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
            for (String mod : t.substring("Modules linked in:".length()).trim().split("\\s+")) {
                if (!mod.isEmpty() && modules.size() < MAX_MODULES) {
                    modules.add(mod.endsWith("]") && mod.startsWith("[") ? mod.substring(1, mod.length() - 1) : mod);
                }
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

    private boolean isBootMarker(LogRecord r, String t) {
        if (t.startsWith("Linux version ") && r.kernel()) {
            return true;
        }
        // journalctl separators: "-- Reboot --", since systemd PR #17475 "-- Reboot <boot id> --", and "-- Boot <id> --"
        if (t.startsWith("-- Boot ") || t.startsWith("-- Reboot") || t.startsWith("Booting Linux on physical CPU")) {
            return true;
        }
        // printed once, first thing after reset, by kernels up to 4.x: a boot even in captures without timestamps
        if (t.startsWith("Initializing cgroup subsys cpuset") && r.kernel()) {
            return true;
        }
        // A kernel clock that restarts from zero is a new boot even when the banner was not captured.
        return isTimeReset(r);
    }

    private static boolean isCleanShutdown(LogRecord r, String t) {
        if ("systemd-shutdown".equals(r.program())) {
            return true;
        }
        if (t.isEmpty()) {
            return false;
        }
        char last = t.charAt(t.length() - 1);
        if ((last == '5' || last == '.') && (t.endsWith("exiting on signal 15") || t.endsWith("exiting on signal 15."))) {
            return true; // syslogd stopping at a sysvinit shutdown
        }
        char c = t.charAt(0);
        if (c != 'r' && c != 'S' && c != 'R' && c != 'P' && c != 's' && c != 'J' && c != 'k' && c != 'K') {
            return false; // cheap exit for nearly every line
        }
        // sysvinit-era shutdowns: shutdown(8) announces it, then klogd (which logs as "kernel") stops
        return t.startsWith("shutting down for system ") || t.startsWith("Kernel log daemon terminating")
                || t.startsWith("reboot: ") || t.startsWith("System halted") || t.startsWith("Restarting system")
                || t.startsWith("Power down") || t.startsWith("systemd-shutdown") || t.startsWith("Journal stopped")
                || t.startsWith("Reached target Shutdown") || t.startsWith("Reached target Final Step")
                || t.startsWith("Reached target System Reboot") || t.startsWith("Reached target System Power Off")
                || t.startsWith("Starting new kernel") || t.startsWith("kexec_core: Starting new kernel");
    }

    private void startBoot(LogRecord r, String t) {
        if (!sawLines) {
            bootLine = r.line();
            bootStartTime = r.wallTime();
            return;
        }
        // journalctl's own "-- Boot/Reboot --" separators always start a boot; only a banner shortly after a
        // marker describes the boot the marker started
        boolean journalMarker = t.startsWith("-- Boot ") || t.startsWith("-- Reboot");
        if (!journalMarker && !cleanShutdown && bootLine >= 0 && r.line() - bootLine <= SAME_BOOT_LINES
                && !bootHasBanner && !bootRunning && !isTimeReset(r)) {
            return; // the banner after a "-- Boot --" or "Booting Linux" line, or after firmware noise: same boot
        }
        closeBoot();
        boolean unclean = !cleanShutdown;
        // The last words before the reboot: the last timestamped kernel line when the new boot has kernel times
        // (serial captures put bootloader noise in between), else simply the last line.
        LogRecord before = r.hasMonoTime() && lastTimedRecord != null ? lastTimedRecord : lastRecord;
        if (unclean && before != null) {
            IncidentBuilder b = new IncidentBuilder(IncidentKind.UNCLEAN_REBOOT, before);
            b.add(r);
            b.title = panicSinceBoot ? "unclean reboot after kernel panic" : "unclean reboot";
            b.facts.put("previous_line", before.line());
            b.facts.put("boot_line", r.line());
            b.facts.put("panic_before", panicSinceBoot ? 1 : 0);
            double gapBefore = before.wallTime() == null ? Double.NaN : RecordClock.wallSeconds(before.wallTime());
            double gapAfter = r.wallTime() == null ? Double.NaN : RecordClock.wallSeconds(r.wallTime());
            if (!Double.isNaN(gapBefore) && !Double.isNaN(gapAfter)) {
                b.facts.put("gap_seconds", (long) Math.round(gapAfter - gapBefore));
            }
            // The incident is placed at the banner; its lines show the last words before it.
            b.line = r.line();
            b.time = r.hasMonoTime() ? r.monoTime() : null;
            b.wallTime = r.wallTime();
            if (uncleanReboots.size() < MAX_BOOTS) {
                uncleanReboots.add(b);
            }
        }
        bootLine = r.line();
        bootStartTime = r.wallTime();
        bootVersion = null;
        bootHasBanner = false;
        bootRunning = false;
        panicSinceBoot = false;
        bootUnclean = unclean;
        cleanShutdown = false;
    }

    private boolean isTimeReset(LogRecord r) {
        return r.hasMonoTime() && r.monoTime() < 1.0 && !Double.isNaN(lastMono) && lastMono > r.monoTime() + 1.0;
    }

    private void closeBoot() {
        if (bootLine < 0 || boots.size() >= MAX_BOOTS) {
            return;
        }
        long end = lastRecord == null ? bootLine : lastRecord.line();
        String endTime = lastRecord == null ? null : lastRecord.wallTime();
        boots.add(new BootSession(boots.size(), bootLine, end, bootStartTime, endTime, bootVersion, bootUnclean));
    }

    /** Incidents that only the facts can tell (unclean reboots). */
    public List<IncidentBuilder> finishIncidents() {
        return new ArrayList<>(uncleanReboots);
    }

    public KernelFacts finish() {
        List<BootSession> all = new ArrayList<>(boots);
        if (bootLine >= 0 && all.size() < MAX_BOOTS) {
            long end = lastRecord == null ? bootLine : lastRecord.line();
            all.add(new BootSession(all.size(), bootLine, end, bootStartTime,
                    lastRecord == null ? null : lastRecord.wallTime(), bootVersion, bootUnclean));
        }
        String version = bannerVersion != null ? bannerVersion : taintVersion != null ? taintVersion : eflagsVersion;
        String buildString = build != null ? build : taintBuild;
        String arch = archFromVersion(version);
        if (arch == null) {
            arch = registerArch;
        }
        return new KernelFacts(version, arch, buildString, hardware, taint, TaintFlags.decode(taint),
                List.copyOf(modules), List.copyOf(all), machine.finish(hardware));
    }

    public Map<String, Integer> contextCounts() {
        return context;
    }
}
