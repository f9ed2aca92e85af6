package dev.crashtriage.kernel;

import java.util.List;
import java.util.Map;

/**
 * Everything the kernel layer found in one (input, host) stream.
 *
 * @param facts     kernel and machine facts
 * @param incidents incidents in order of first line
 * @param context   counts of context lines that are not incidents ("segfault", "oom-reaper"...)
 */
public record Extraction(KernelFacts facts, List<Incident> incidents, Map<String, Integer> context) {
}
