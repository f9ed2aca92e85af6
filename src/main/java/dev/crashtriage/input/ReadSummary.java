package dev.crashtriage.input;

import java.util.List;

/**
 * What reading one input produced, besides its records.
 *
 * @param format      detected (or forced) format
 * @param lines       lines read
 * @param bytes       decompressed bytes read
 * @param cutLines    lines longer than the cap, cut
 * @param compression "gzip", "xz" or null
 * @param problems    what went wrong while reading (damaged archive...), empty when nothing
 */
public record ReadSummary(LogFormat format, long lines, long bytes, long cutLines, String compression,
                          List<InputProblem> problems) {
}
