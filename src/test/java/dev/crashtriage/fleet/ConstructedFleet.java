package dev.crashtriage.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;

/**
 * CONSTRUCTED fleets for the fleet tests: one BSD-syslog file per host (as a remote syslog server keeps
 * them: no year, no zone), several days long, with boot messages, background noise, and crashes whose text
 * is real (see each body's source) placed at the times a test chooses. Boot messages are constructed in the
 * wordings cited in {@code kernel/MachineFactsScanner}.
 */
public final class ConstructedFleet {
    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    /** Kernel lines of a crash body, the sample's markers and timestamps taken off. */
    public static List<String> body(String path) {
        try {
            List<String> out = new ArrayList<>();
            for (String l : Files.readAllLines(Path.of(path), StandardCharsets.UTF_8)) {
                if (l.startsWith("#:")) {
                    continue;
                }
                l = l.replace("  <<< evidence", "").replaceFirst("^\\[\\s*\\d+\\.\\d+\\] ?", "");
                out.add(l);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Real crash texts. */
    public static List<String> vmwarePanic() {
        return body("src/test/resources/fleet/vmware-mptscsih-panic.txt");
    }

    /**
     * LKML, Roland Kuhn, 2002-08-01: the tg3_tx BUG in the tg3 interrupt path (signatures/net sample), whose top
     * had scrolled off; the two header lines 2.4 printed before it ("kernel BUG at tg3.c:1510!", the line the
     * reporter gave, and "invalid operand: 0000") are CONSTRUCTED, so that a syslog capture carries a whole report.
     */
    public static List<String> tg3Crash() {
        List<String> out = new ArrayList<>(List.of("kernel BUG at tg3.c:1510!", "invalid operand: 0000"));
        out.addAll(body("signatures/net/tg3-napi-poll-crash/positive-1.log"));
        return out;
    }

    /** LKML 2013 (Paul Szabo): an OOM kill with plenty of page cache (signatures/mm sample). */
    public static List<String> oomKill() {
        return body("signatures/mm/oom-kill/positive-1.log");
    }

    /** linux-arm-kernel ~2017 (Yisheng Xie): a soft lockup then panic (signatures/sched sample). */
    public static List<String> softLockup() {
        return body("signatures/sched/soft-lockup/positive-1.log");
    }

    /** A machine as its boot messages describe it (constructed wordings, see MachineFactsScanner). */
    public record Machine(String release, List<String> bootLines) {

        public static Machine vmwareGuest(int vcpus, long memoryKb) {
            return new Machine("2.6.18-128.7.1.el5", List.of(
                    "Linux version 2.6.18-128.7.1.el5 (mockbuild@builder10.centos.org) (gcc version 4.1.2 20080704 "
                            + "(Red Hat 4.1.2-44)) #1 SMP Fri Sep 11 21:47:19 EDT 2009",
                    "Command line: ro root=/dev/VolGroup00/LogVol00 rhgb quiet",
                    "Memory: " + (memoryKb - 41628) + "k/" + memoryKb + "k available (2459k kernel code, 41176k "
                            + "reserved, 1246k data, 208k init)",
                    "Total of " + vcpus + " processors activated (" + (vcpus * 5999) + ".81 BogoMIPS).",
                    "Fusion MPT base driver 3.04.07rh",
                    "Copyright (c) 1999-2008 LSI Corporation",
                    "Fusion MPT SPI Host driver 3.04.07rh",
                    "  Vendor: VMware    Model: Virtual disk      Rev: 1.0 ",
                    "VMware vmxnet virtual NIC driver",
                    "EXT3 FS on dm-0, internal journal"));
        }

        public static Machine physical(String driverLine, int cpus, long memoryKb) {
            return new Machine("3.2.0-29-generic", List.of(
                    "Linux version 3.2.0-29-generic (buildd@allspice) (gcc version 4.6.3 (Ubuntu/Linaro 4.6.3-1ubuntu5) ) "
                            + "#46-Ubuntu SMP Fri Jul 27 17:03:23 UTC 2012",
                    "DMI: Dell Inc. PowerEdge R610/0F0XJ6, BIOS 6.1.0 10/18/2011",
                    "Memory: " + (memoryKb - 262144) + "k/" + memoryKb + "k available (6565k kernel code, 468404k "
                            + "absent, 1052432k reserved, 6620k data, 924k init)",
                    "Brought up " + cpus + " CPUs",
                    driverLine,
                    "EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null)"));
        }
    }

    /** One host's log being written. */
    public static final class HostLog {
        final String name;
        final Machine machine;
        private final TreeMap<LocalDateTime, List<String>> events = new TreeMap<>();

        public HostLog(String name, Machine machine) {
            this.name = name;
            this.machine = machine;
        }

        /** A crash at {@code at}, then (as the operator resets the box) a boot four minutes later. */
        public HostLog crash(LocalDateTime at, List<String> body) {
            events.put(at, body);
            events.put(at.plusMinutes(4), machine.bootLines);
            return this;
        }

        /** The whole syslog file from {@code from} to {@code to}: boot, noise every few hours, the crashes. */
        public String syslog(LocalDate from, LocalDate to, Random rnd) {
            TreeMap<LocalDateTime, List<String>> all = new TreeMap<>(events);
            all.put(from.atTime(0, 0, 5), machine.bootLines);
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                for (int i = 0; i < 4; i++) {
                    LocalDateTime t = d.atTime(rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60));
                    all.putIfAbsent(t, List.of(i % 2 == 0
                            ? "CRON:(root) CMD (run-parts /etc/cron.hourly)"
                            : "e1000: eth1 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None"));
                }
            }
            StringBuilder sb = new StringBuilder();
            for (var e : all.entrySet()) {
                String stamp = SYSLOG.format(e.getKey());
                for (String line : e.getValue()) {
                    if (line.startsWith("CRON:")) {
                        sb.append(stamp).append(' ').append(name).append(" CRON[").append(1000 + rnd.nextInt(30000))
                                .append("]: ").append(line.substring(5)).append('\n');
                    } else {
                        sb.append(stamp).append(' ').append(name).append(" kernel: ").append(line).append('\n');
                    }
                }
            }
            return sb.toString();
        }

        /** Writes {@code <dir>/<name>.log}, dated (mtime) just after the last day, as a log server leaves it. */
        public Path write(Path dir, LocalDate from, LocalDate to, Random rnd) {
            Path f = dir.resolve(name + ".log");
            try {
                Files.writeString(f, syslog(from, to, rnd), StandardCharsets.UTF_8);
                Files.setLastModifiedTime(f, FileTime.from(to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return f;
        }
    }
}
