import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Writes a big, realistic kernel log for the benchmarks (run as a single-file program: {@code java
 * bench/GenerateLog.java --size 512M --mode noise --format dmesg -o big.log}; {@code -o -} or no {@code -o} writes
 * to stdout, so a 10 GB stream can be piped without touching the disk).
 *
 * <p>Noise: ordinary driver and subsystem chatter (USB enumeration, link up/down, EXT4/XFS mounts, audit,
 * ADDRCONF, conntrack, firewall logs, systemd, ATA link messages...). The message shapes are those the kernel
 * prints; the fields (devices, numbers, addresses) are filled in at random, so these lines are constructed.
 * Crashes: the real crash reports the test suite ships (syzkaller's annotated reports in
 * {@code src/test/resources/syzkaller} and {@code logs/syzkaller}, Apache-2.0, and the real-world excerpts in
 * {@code src/test/resources/realworld}; sources in their READMEs), re-stamped with the generated clock.
 *
 * <p>Modes: {@code noise} (a crash report every {@code --crash-every} lines, default 20000: a few hundred in
 * 512 MiB) and {@code dense} (reports back to back with about 24 noise lines between, like syzkaller consoles).
 * Formats: {@code dmesg} ({@code [    12.345678] text}), {@code syslog} (three hosts interleaved, RFC 3164
 * with the kernel's own timestamp), {@code kmsg} ({@code /dev/kmsg} records), {@code journal}
 * ({@code journalctl} short format) and {@code mixed} (the format changes every 1/4 of the size: several
 * files' worth of formats in one stream is not what a real input holds, so mixed writes one file per format
 * when {@code -o} names a directory).
 */
public final class GenerateLog {
    private static final String[] NOISE_TEMPLATES = {
        "usb {b}-{p}: new high-speed USB device number {n} using xhci_hcd",
        "usb {b}-{p}: New USB device found, idVendor={h4}, idProduct={h4}, bcdDevice= {d}.{d}{d}",
        "usb {b}-{p}: New USB device strings: Mfr=1, Product=2, SerialNumber=3",
        "usb {b}-{p}: Product: USB2.0 Hub",
        "usb-storage {b}-{p}:1.0: USB Mass Storage device detected",
        "scsi host{d}: usb-storage {b}-{p}:1.0",
        "hub {b}-0:1.0: USB hub found",
        "input: Logitech USB Receiver as /devices/pci0000:00/0000:00:14.0/usb{b}/{b}-{p}/{b}-{p}:1.{d}/input/input{n}",
        "hid-generic 0003:046D:C52B.{h4}: input,hidraw{d}: USB HID v1.11 Keyboard [Logitech USB Receiver] on usb-0000:00:14.0-{p}/input0",
        "e1000e: eth{d} NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx",
        "e1000e: eth{d} NIC Link is Down",
        "tg3 0000:0{d}:00.0 eth{d}: Link is up at 1000 Mbps, full duplex",
        "tg3 0000:0{d}:00.0 eth{d}: Flow control is on for TX and on for RX",
        "igb 0000:0{d}:00.{d} eno{d}: igb: eno{d} NIC Link is Up 1000 Mbps Full Duplex, Flow Control: RX",
        "IPv6: ADDRCONF(NETDEV_UP): eth{d}: link is not ready",
        "IPv6: ADDRCONF(NETDEV_CHANGE): eth{d}: link becomes ready",
        "br-{h4}{h4}: port {d}(veth{h4}{h2}) entered blocking state",
        "br-{h4}{h4}: port {d}(veth{h4}{h2}) entered forwarding state",
        "device veth{h4}{h2} entered promiscuous mode",
        "eth0: renamed from veth{h4}{h2}",
        "EXT4-fs (sd{l}{d}): mounted filesystem with ordered data mode. Opts: (null)",
        "EXT4-fs (dm-{d}): re-mounted. Opts: errors=remount-ro",
        "EXT4-fs (nvme0n1p{d}): mounted filesystem {h4}{h4}-{h4}-{h4} r/w with ordered data mode. Quota mode: none.",
        "XFS (dm-{d}): Mounting V5 Filesystem",
        "XFS (dm-{d}): Ending clean mount",
        "audit: type=1400 audit({n}.{n3}:{n}): apparmor=\"STATUS\" operation=\"profile_load\" profile=\"unconfined\" name=\"/usr/sbin/cupsd\" pid={n} comm=\"apparmor_parser\"",
        "audit: type=1130 audit({n}.{n3}:{n}): pid=1 uid=0 auid=4294967295 ses=4294967295 msg='unit=systemd-tmpfiles-clean comm=\"systemd\" exe=\"/usr/lib/systemd/systemd\" hostname=? addr=? terminal=? res=success'",
        "[UFW BLOCK] IN=eth{d} OUT= MAC=52:54:00:{h2}:{h2}:{h2}:52:54:00:{h2}:{h2}:{h2}:08:00 SRC=10.{n}.{n}.{n} DST=10.0.0.{n} LEN=40 TOS=0x00 PREC=0x00 TTL=244 ID={n} PROTO=TCP SPT={n} DPT=23 WINDOW=1024 RES=0x00 SYN URGP=0",
        "nf_conntrack: default automatic helper assignment has been turned off for security reasons and CT-based  firewall rule not found. Use the iptables CT target to attach helpers instead.",
        "TCP: request_sock_TCP: Possible SYN flooding on port {n}. Sending cookies.  Check SNMP counters.",
        "ata{d}: SATA link up 6.0 Gbps (SStatus 133 SControl 300)",
        "ata{d}.00: configured for UDMA/133",
        "sd {d}:0:0:0: [sd{l}] 1953525168 512-byte logical blocks: (1.00 TB/932 GiB)",
        "sd {d}:0:0:0: [sd{l}] Write cache: enabled, read cache: enabled, doesn't support DPO or FUA",
        "sd {d}:0:0:0: [sd{l}] Attached SCSI disk",
        " sd{l}: sd{l}1 sd{l}2 sd{l}3",
        "systemd[1]: Started Session {n} of user root.",
        "systemd-journald[{n}]: Received SIGTERM from PID 1 (systemd).",
        "random: crng init done",
        "perf: interrupt took too long ({n} > {n}), lowering kernel.perf_event_max_sample_rate to {n}",
        "CPU{d}: Package temperature above threshold, cpu clock throttled (total events = {n})",
        "CPU{d}: Core temperature/speed normal",
        "iwlwifi 0000:0{d}:00.0: Loaded firmware version: 36.ca7b901d.0 ty-a0-gf-a0-66.ucode",
        "wlan0: authenticate with {h2}:{h2}:{h2}:{h2}:{h2}:{h2}",
        "wlan0: associated",
        "kvm: zapping shadow pages for mmio generation wraparound",
        "docker0: port {d}(veth{h4}{h2}) entered disabled state",
        "nvme nvme0: {d}/0/0 default/read/poll queues",
        "loop{d}: detected capacity change from 0 to {n}",
        "squashfs: version 4.0 (2009/01/31) Phillip Lougher",
        "bpfilter: Loaded bpfilter_umh pid {n}",
        "NFSD: Using nfsdcld client tracking operations.",
        "Bluetooth: hci0: Firmware revision 0.0 build {n} week {d} 20{d}{d}",
        "traps: chrome[{n}] trap int3 ip:55{h4}{h4} sp:7ffd{h4}{h4} error:0 in chrome[55{h4}000+{h4}000]",
        "FS-Cache: Loaded",
        "md: md{d} stopped.",
        "EDID block 0 (tag 0x00) checksum is invalid, remainder is {n}",
        "pcieport 0000:00:1c.{d}: AER: Corrected error received: 0000:0{d}:00.0",
        "mce: CPU{d}: Core temperature above threshold, cpu clock throttled (total events = {n})",
    };

    private static final String[] HOSTS = {"web1", "db2", "cache3"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private final Random random;
    private final List<String> noise = new ArrayList<>();
    private final List<List<String>> crashes = new ArrayList<>();
    private double clock = 1.0;
    private long seq;
    private long wallSecond = 1_700_000_000L;

    private GenerateLog(long seed, Path resources) throws IOException {
        this.random = new Random(seed);
        for (int i = 0; i < 8192; i++) {
            noise.add(fill(NOISE_TEMPLATES[random.nextInt(NOISE_TEMPLATES.length)]));
        }
        loadCrashes(resources.resolve("syzkaller"), ".log");
        loadCrashes(resources.resolve("logs/syzkaller"), ".txt");
        loadCrashes(resources.resolve("realworld"), ".log");
        if (crashes.isEmpty()) {
            throw new IOException("no crash reports under " + resources);
        }
    }

    private void loadCrashes(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
        for (Path f : files) {
            List<String> lines = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
            // syzkaller's annotated reports open with TITLE:/ALT:/TYPE:... headers and a blank line
            int start = 0;
            if (!lines.isEmpty() && lines.get(0).startsWith("TITLE:")) {
                while (start < lines.size() && !lines.get(start).isEmpty()) {
                    start++;
                }
            }
            List<String> text = new ArrayList<>();
            for (String l : lines.subList(start, lines.size())) {
                text.add(stripStamp(l));
            }
            while (!text.isEmpty() && text.get(0).isBlank()) {
                text.remove(0);
            }
            if (!text.isEmpty()) {
                crashes.add(text);
            }
        }
    }

    /** Drops a "[  772.918915] " (with an optional "<4>" or caller id) prefix: the generator stamps its own. */
    private static String stripStamp(String l) {
        int i = 0;
        if (l.startsWith("<") && l.indexOf('>') > 0 && l.indexOf('>') < 5) {
            i = l.indexOf('>') + 1;
        }
        if (l.startsWith("[", i)) {
            int close = l.indexOf(']', i);
            if (close > 0 && close - i < 20 && l.substring(i + 1, close).trim().matches("\\d+\\.\\d+")) {
                i = close + 1;
                if (l.startsWith(" ", i)) {
                    i++;
                }
                if (l.startsWith("[", i) && l.indexOf(']', i) > 0 && l.indexOf(']', i) - i < 10
                        && (l.charAt(i + 1) == 'T' || l.charAt(i + 1) == 'C')) {
                    i = l.indexOf(']', i) + 1;
                    if (l.startsWith(" ", i)) {
                        i++;
                    }
                }
                return l.substring(i);
            }
        }
        return i > 0 ? l.substring(i) : l;
    }

    private String fill(String t) {
        StringBuilder b = new StringBuilder(t.length() + 16);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            int close = c == '{' ? t.indexOf('}', i) : -1;
            if (close < 0) {
                b.append(c);
                continue;
            }
            switch (t.substring(i + 1, close)) {
                case "d" -> b.append(random.nextInt(10));
                case "b" -> b.append(1 + random.nextInt(4));
                case "p" -> b.append(1 + random.nextInt(8)).append(random.nextBoolean() ? "" : "." + (1 + random.nextInt(4)));
                case "n" -> b.append(random.nextInt(60000));
                case "n3" -> b.append(String.format("%03d", random.nextInt(1000)));
                case "h2" -> b.append(String.format("%02x", random.nextInt(256)));
                case "h4" -> b.append(String.format("%04x", random.nextInt(65536)));
                case "l" -> b.append((char) ('a' + random.nextInt(4)));
                default -> b.append(t, i, close + 1);
            }
            i = close;
        }
        return b.toString();
    }

    private final StringBuilder line = new StringBuilder(256);
    private final byte[] bytes = new byte[1 << 17];

    private void write(OutputStream out, String format, String host, String text) throws IOException {
        clock += random.nextInt(20_000) / 1_000_000.0;
        long micros = (long) (clock * 1_000_000);
        StringBuilder b = line;
        b.setLength(0);
        switch (format) {
            case "dmesg" -> stamp(b.append('['), micros).append("] ");
            case "kmsg" -> b.append("6,").append(seq++).append(',').append(micros).append(",-;");
            case "syslog", "journal" -> {
                long wall = wallSecond + (long) clock;
                long day = (wall / 86400) % 28 + 1;
                long sec = wall % 86400;
                b.append(MONTHS[(int) ((wall / (86400 * 28)) % 12)]).append(day < 10 ? "  " : " ").append(day).append(' ');
                two(two(two(b, sec / 3600).append(':'), sec / 60 % 60).append(':'), sec % 60).append(' ');
                b.append(host).append(" kernel: ");
                if (format.equals("syslog")) {
                    stamp(b.append('['), micros).append("] ");
                }
            }
            default -> throw new IllegalArgumentException("unknown format " + format);
        }
        b.append(text).append('\n');
        int n = Math.min(b.length(), bytes.length);
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) b.charAt(i);
        }
        out.write(bytes, 0, n);
    }

    private static StringBuilder two(StringBuilder b, long v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /** "%12.6f" of the seconds, without String.format (the generator must outrun what it feeds). */
    private static StringBuilder stamp(StringBuilder b, long micros) {
        String sec = Long.toString(micros / 1_000_000);
        for (int i = sec.length(); i < 5; i++) {
            b.append(' ');
        }
        b.append(sec).append('.');
        String frac = Long.toString(micros % 1_000_000);
        for (int i = frac.length(); i < 6; i++) {
            b.append('0');
        }
        return b.append(frac);
    }

    private long generate(OutputStream out, long size, String mode, String format, int crashEvery) throws IOException {
        CountingStream counted = new CountingStream(out);
        long lines = 0;
        int crashesWritten = 0;
        boolean dense = mode.equals("dense");
        while (counted.count < size) {
            String host = HOSTS[random.nextInt(format.equals("syslog") ? HOSTS.length : 1)];
            boolean crash = dense ? lines % 24 == 23 : lines % crashEvery == crashEvery - 1;
            if (crash) {
                for (String l : crashes.get(crashesWritten++ % crashes.size())) {
                    write(counted, format, host, l);
                    lines++;
                }
            } else {
                write(counted, format, host, noise.get(random.nextInt(noise.size())));
                lines++;
            }
        }
        counted.flush();
        System.err.printf("GenerateLog: %d bytes, %d lines, %d crash reports (%s, %s)%n", counted.count, lines,
                crashesWritten, mode, format);
        return counted.count;
    }

    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    static long parseSize(String s) {
        char unit = Character.toUpperCase(s.charAt(s.length() - 1));
        double n = Double.parseDouble(Character.isDigit(unit) ? s : s.substring(0, s.length() - 1));
        long mult = switch (unit) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        return (long) (n * mult);
    }

    public static void main(String[] args) throws IOException {
        long size = 64L << 20;
        String mode = "noise";
        String format = "dmesg";
        String output = "-";
        long seed = 42;
        int crashEvery = 20_000;
        Path resources = Path.of("src/test/resources");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> size = parseSize(args[++i]);
                case "--mode" -> mode = args[++i];
                case "--format" -> format = args[++i];
                case "-o" -> output = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--crash-every" -> crashEvery = Integer.parseInt(args[++i]);
                case "--resources" -> resources = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: GenerateLog [--size N[K|M|G]] [--mode noise|dense] "
                            + "[--format dmesg|syslog|kmsg|journal|mixed] [--crash-every LINES] [--seed N] "
                            + "[--resources DIR] [-o FILE|DIR|-]");
                    System.exit(2);
                }
            }
        }
        GenerateLog g = new GenerateLog(seed, resources);
        if (format.equals("mixed")) {
            Path dir = Path.of(output);
            Files.createDirectories(dir);
            for (String f : new String[] {"dmesg", "syslog", "kmsg", "journal"}) {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(f + ".log")), 1 << 16)) {
                    g.generate(out, size / 4, mode, f, crashEvery);
                }
            }
            return;
        }
        try (OutputStream out = new BufferedOutputStream(output.equals("-") ? System.out
                : Files.newOutputStream(Path.of(output)), 1 << 16)) {
            g.generate(out, size, mode, format, crashEvery);
        }
    }
}
