package dev.crashtriage.listen;

import java.net.InetSocketAddress;

/**
 * One UDP datagram as received.
 *
 * @param data         its bytes (exactly the datagram's length)
 * @param from         the sender's address and port
 * @param nanos        {@link System#nanoTime()} at receipt, for windows and latencies
 * @param epochMicros  wall-clock time at receipt, microseconds since the epoch, for the raw log files
 */
record Datagram(byte[] data, InetSocketAddress from, long nanos, long epochMicros) {
}
