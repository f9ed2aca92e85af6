package dev.crashtriage.listen;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The kernel's own count of datagrams it dropped on this process's sockets (receive buffer full), read from the
 * {@code drops} column of {@code /proc/net/udp} and {@code /proc/net/udp6} for the sockets whose inodes this
 * process holds (its {@code /proc/self/fd} links), plus the bytes still waiting in them ({@code rx_queue}).
 * Where /proc is not readable (not Linux, a sandbox), {@link #read} says so instead of reporting zero.
 */
final class KernelSocketDrops {
    private final Path proc;

    KernelSocketDrops(Path proc) {
        this.proc = proc;
    }

    static KernelSocketDrops system() {
        return new KernelSocketDrops(Path.of("/proc"));
    }

    /**
     * What the kernel counts for our sockets on these ports.
     *
     * @param readable false when the counters could not be read (then the numbers are 0 and mean nothing)
     * @param drops    datagrams dropped by the kernel before we could read them
     * @param queued   bytes waiting in the sockets' receive queues now
     * @param sockets  how many of our sockets were found
     * @param foreign  sockets of other processes bound to the same address and port as ours: with SO_REUSEPORT
     *                 the kernel gives them a share of the senders, whose datagrams we never see nor count
     */
    record Reading(boolean readable, long drops, long queued, int sockets, int foreign) {
        static final Reading NONE = new Reading(false, 0, 0, 0, 0);
    }

    Reading read(Set<Integer> ports) {
        Set<Long> inodes = socketInodes();
        if (inodes == null) {
            return Reading.NONE;
        }
        long drops = 0;
        long queued = 0;
        int found = 0;
        boolean any = false;
        Set<String> ours = new HashSet<>();
        List<String[]> others = new ArrayList<>();
        for (String table : List.of("net/udp", "net/udp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(proc.resolve(table));
            } catch (IOException | RuntimeException e) {
                continue;
            }
            any = true;
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).trim().split("\\s+");
                if (f.length < 13) {
                    continue;
                }
                try {
                    String local = f[1];
                    int port = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16);
                    long inode = Long.parseLong(f[9]);
                    if (!ports.contains(port)) {
                        continue;
                    }
                    if (!inodes.contains(inode)) {
                        others.add(f);
                        continue;
                    }
                    ours.add(local);
                    String queues = f[4];
                    queued += Long.parseLong(queues.substring(queues.indexOf(':') + 1), 16);
                    drops += Long.parseLong(f[12]);
                    found++;
                } catch (RuntimeException e) {
                    // a line of another shape: not one of ours
                }
            }
        }
        int foreign = 0;
        for (String[] f : others) {
            if (ours.contains(f[1])) {
                foreign++;
            }
        }
        return any ? new Reading(true, drops, queued, found, foreign) : Reading.NONE;
    }

    /** Inodes of the sockets this process has open, or null when /proc/self/fd cannot be read. */
    private Set<Long> socketInodes() {
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[") && target.endsWith("]")) {
                        inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException | RuntimeException e) {
                    // closed while listing
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return inodes;
    }
}
