package dev.crashtriage.listen;

import java.nio.file.Path;
import java.util.List;

/**
 * How to listen.
 *
 * @param addresses          where to receive
 * @param socketsPerAddress  sockets per address with SO_REUSEPORT, each read by its own thread
 * @param receiveBuffer      SO_RCVBUF to ask for, bytes (the kernel caps it at net.core.rmem_max)
 * @param queueCapacity      datagrams the queue between the socket threads and processing holds
 * @param outDir             directory for the per-host raw logs, or null for none
 * @param rotateBytes        rotate a raw log when it reaches this size (0: never)
 * @param rotateKeep         rotated files kept per host
 * @param reorderSlots       messages a host's reorder window holds (netconsd: 512)
 * @param reorderMillis      longest a message waits for a gap before it to fill (netconsd: 200 ms)
 * @param quietMillis        a host silent this long has its open incidents closed
 * @param statsIntervalMillis status line period on stderr (0: only at the end)
 */
public record ListenConfig(List<ListenAddress> addresses, int socketsPerAddress, int receiveBuffer, int queueCapacity,
                           Path outDir, long rotateBytes, int rotateKeep, int reorderSlots, long reorderMillis,
                           long quietMillis, long statsIntervalMillis) {

    public static ListenConfig defaults(List<ListenAddress> addresses) {
        return new ListenConfig(addresses, 2, 32 << 20, 65_536, null, 256L << 20, 5, 512, 200, 5_000, 60_000);
    }

    public ListenConfig withOutDir(Path dir) {
        return new ListenConfig(addresses, socketsPerAddress, receiveBuffer, queueCapacity, dir, rotateBytes, rotateKeep,
                reorderSlots, reorderMillis, quietMillis, statsIntervalMillis);
    }
}
