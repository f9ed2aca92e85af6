package dev.crashtriage.kernel;

/**
 * One boot of the machine seen in a log, from its banner (or the start of the log) to the next.
 *
 * @param index     0-based
 * @param line      first line of the boot (the banner), or the first line of the log
 * @param endLine   last line before the next boot or the end
 * @param startTime wall-clock time of the first line, or null
 * @param endTime   wall-clock time of the last line, or null
 * @param version   kernel version the banner announced, or null
 * @param unclean   true when it followed earlier log lines without a clean shutdown
 */
public record BootSession(int index, long line, long endLine, String startTime, String endTime,
                          String version, boolean unclean) {
}
