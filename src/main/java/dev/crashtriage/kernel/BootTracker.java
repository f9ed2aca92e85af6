package dev.crashtriage.kernel;

import dev.crashtriage.input.LogRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The boot model of a stream: where each boot starts, which boot every record belongs to (final as soon as the
 * record is seen, so streaming consumers can split their state per boot), and the unclean reboots between boots.
 * The one place boots are decided: {@link FactsCollector} and the signature engine both read it, so that a
 * {@code scope: boot} count and an incident's boot always agree.
 *
 * <p>A boot starts at the log start, at "Linux version", "Booting Linux on physical CPU", "Initializing cgroup
 * subsys cpuset", at journalctl's "-- Boot &lt;id&gt; --" / "-- Reboot --" separators, or where the kernel clock
 * restarts near 0. A banner shortly after a marker describes the boot the marker started.
 */
public final class BootTracker {
    /** Boot markers this close to the start of the current boot describe that same boot (banner after "-- Boot --"). */
    private static final int SAME_BOOT_LINES = 40;
    static final int MAX_BOOTS = 10_000;
    static final String UNEXPECTED_REBOOT = "unexpected kernel reboot";

    private final List<BootSession> boots = new ArrayList<>();
    private final List<IncidentBuilder> uncleanReboots = new ArrayList<>();
    private int current;
    private long bootLine = -1;
    private String bootStartTime;
    private String bootVersion;
    private boolean bootUnclean;
    private boolean bootHasBanner;
    /** A kernel line with a monotonic time past boot (> 1 s) was seen since this boot started. */
    private boolean bootRunning;
    private boolean panicSinceBoot;
    /** The kernel printed a report with a stack (or panicked) since this boot started. */
    private boolean reportSinceBoot;
    /** A record came with a syslog host or from journalctl: the log is no console capture of one machine. */
    private boolean sawCollectedLog;
    private LogRecord lastTimedRecord;
    private boolean sawLines;
    private boolean cleanShutdown;
    private LogRecord lastRecord;
    private double lastMono = Double.NaN;
    /** A userspace program's line was seen: the log is not kernel-only (kern.log, `journalctl -k`, dmesg). */
    private boolean sawUserspace;

    /** Reads one record; afterwards {@link #current()} is the boot it belongs to. */
    public void accept(LogRecord r) {
        String t = r.text();
        if (isBootMarker(r, t)) {
            startBoot(r, t);
        } else if (bootLine < 0) {
            bootLine = r.line();
            bootStartTime = r.wallTime();
        }
        if (r.kernel() && t.startsWith("Linux version ")) {
            String v = FactsCollector.bannerVersion(t);
            if (v != null) {
                bootVersion = v;
                bootHasBanner = true;
            }
        }
        if (!sawUserspace && !r.kernel() && r.program() != null && !"journal".equals(r.program())) {
            sawUserspace = true;
        }
        if (!sawCollectedLog && (r.host() != null || isJournalMarker(t) || "journal".equals(r.program()))) {
            sawCollectedLog = true;
        }
        if (!reportSinceBoot && printsReport(t)) {
            reportSinceBoot = true;
        }
        if (CleanShutdown.matches(r, t)) {
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
    }

    /** 0-based index of the boot the last accepted record belongs to. */
    public int current() {
        return current;
    }

    private boolean isBootMarker(LogRecord r, String t) {
        if (t.isEmpty()) {
            return false;
        }
        char c = t.charAt(0);
        if (c == 'L' && t.startsWith("Linux version ") && r.kernel()) {
            return true;
        }
        // journalctl separators: "-- Reboot --", since systemd PR #17475 "-- Reboot <boot id> --", and "-- Boot <id> --"
        if (c == '-' && (t.startsWith("-- Boot ") || t.startsWith("-- Reboot"))) {
            return true;
        }
        if (c == 'B' && t.startsWith("Booting Linux on physical CPU")) {
            return true;
        }
        // printed once, first thing after reset, by kernels up to 4.x: a boot even in captures without timestamps
        if (c == 'I' && t.startsWith("Initializing cgroup subsys cpuset") && r.kernel()) {
            return true;
        }
        // A kernel clock that restarts from zero is a new boot even when the banner was not captured.
        return isTimeReset(r);
    }

    private static boolean isJournalMarker(String t) {
        return t.startsWith("-- Boot ") || t.startsWith("-- Reboot");
    }

    private void startBoot(LogRecord r, String t) {
        if (!sawLines) {
            bootLine = r.line();
            bootStartTime = r.wallTime();
            return;
        }
        // journalctl's own "-- Boot/Reboot --" separators always start a boot; only a banner shortly after a
        // marker describes the boot the marker started
        if (!isJournalMarker(t) && !cleanShutdown && bootLine >= 0 && r.line() - bootLine <= SAME_BOOT_LINES
                && !bootHasBanner && !bootRunning && !isTimeReset(r)) {
            return; // the banner after a "-- Boot --" or "Booting Linux" line, or after firmware noise: same boot
        }
        closeBoot();
        boolean unclean = !cleanShutdown;
        // The last words before the reboot: the last timestamped kernel line when the new boot has kernel times
        // (serial captures put bootloader noise in between), else simply the last line.
        LogRecord before = r.hasMonoTime() && lastTimedRecord != null ? lastTimedRecord : lastRecord;
        if (unclean && before != null && uncleanReboots.size() < MAX_BOOTS) {
            uncleanReboots.add(uncleanReboot(before, r));
        }
        if (current < MAX_BOOTS - 1) {
            current++;
        }
        bootLine = r.line();
        bootStartTime = r.wallTime();
        bootVersion = null;
        bootHasBanner = false;
        bootRunning = false;
        panicSinceBoot = false;
        reportSinceBoot = false;
        bootUnclean = unclean;
        cleanShutdown = false;
    }

    private IncidentBuilder uncleanReboot(LogRecord before, LogRecord r) {
        IncidentBuilder b = new IncidentBuilder(IncidentKind.UNCLEAN_REBOOT, before);
        b.add(r);
        b.title = panicSinceBoot ? "unclean reboot after kernel panic"
                : unexpectedReboot() ? UNEXPECTED_REBOOT : "unclean reboot";
        b.facts.put(Facts.PREVIOUS_LINE, before.line());
        b.facts.put(Facts.BOOT_LINE, r.line());
        b.facts.flag(Facts.PANIC_BEFORE, panicSinceBoot);
        // without userspace lines, a clean shutdown shows only in the kernel's own last words: say so
        b.facts.flag(Facts.KERNEL_ONLY_LOG, !sawUserspace);
        double gapBefore = before.wallTime() == null ? Double.NaN : RecordClock.wallSeconds(before.wallTime());
        double gapAfter = r.wallTime() == null ? Double.NaN : RecordClock.wallSeconds(r.wallTime());
        if (!Double.isNaN(gapBefore) && !Double.isNaN(gapAfter)) {
            b.facts.put(Facts.GAP_SECONDS, (long) Math.round(gapAfter - gapBefore));
        }
        // The incident is placed at the banner; its lines show the last words before it.
        b.line = r.line();
        b.time = r.hasMonoTime() ? r.monoTime() : null;
        b.wallTime = r.wallTime();
        return b;
    }

    /**
     * syzkaller's convention: a console capture of one machine in which the kernel starts again with no report
     * printed since the last boot is titled "unexpected kernel reboot" (the machine reset without saying why). Only
     * such a capture shows everything the kernel printed; a syslog or journal may have lost the report.
     */
    private boolean unexpectedReboot() {
        return !reportSinceBoot && !sawUserspace && !sawCollectedLog;
    }

    /**
     * What every kernel report with a stack prints (show_stack()'s "Call Trace:"/"Call trace:", arm's "Backtrace:",
     * __warn()'s cut line, the end-trace marker), and the panic line: a reboot after one is explained by it.
     */
    private static boolean printsReport(String t) {
        return t.startsWith("Call Trace:") || t.startsWith("Call trace:") || t.startsWith("Backtrace:")
                || t.startsWith("------------[ cut here ]") || t.startsWith("---[ end trace") || t.startsWith("Kernel panic");
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

    /** Incidents that only the boot model can tell (unclean reboots), a live view: each is complete once added. */
    List<IncidentBuilder> uncleanReboots() {
        return Collections.unmodifiableList(uncleanReboots);
    }

    /** Boots closed so far (a later boot started), in order; a live view. */
    public List<BootSession> closedBoots() {
        return Collections.unmodifiableList(boots);
    }

    /** The boot a line already read belongs to (later boots all start after it). */
    public int bootOf(long line) {
        if (bootLine >= 0 && bootLine <= line) {
            return current;
        }
        for (int i = boots.size() - 1; i >= 0; i--) {
            if (boots.get(i).line() <= line) {
                return boots.get(i).index();
            }
        }
        return 0;
    }

    /** The boots so far, the open one included (its end is the last line seen). */
    public List<BootSession> boots() {
        List<BootSession> all = new ArrayList<>(boots);
        if (bootLine >= 0 && all.size() < MAX_BOOTS) {
            long end = lastRecord == null ? bootLine : lastRecord.line();
            all.add(new BootSession(all.size(), bootLine, end, bootStartTime,
                    lastRecord == null ? null : lastRecord.wallTime(), bootVersion, bootUnclean));
        }
        return List.copyOf(all);
    }
}
