package dev.crashtriage.fleet;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A host as the store knows it, over all inputs that named it: every value each attribute was seen with,
 * and the wall-clock span its logs covered.
 *
 * @param host       name
 * @param attributes attribute name ("kernel", "hypervisor", "vcpus", "memory", "hardware", "arch",
 *                   "module", "driver") to the values seen ("tg3 3.119" for a driver)
 * @param spanStart  earliest time its logs cover, or null
 * @param spanEnd    latest, or null
 */
public record StoredHost(String host, Map<String, Set<String>> attributes, Instant spanStart, Instant spanEnd) {
}
