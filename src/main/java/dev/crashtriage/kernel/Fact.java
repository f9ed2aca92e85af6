package dev.crashtriage.kernel;

import java.util.Set;

/**
 * One fact an incident may carry: the name signatures and JSON use, its type, the Java type detectors write, the
 * unit, and the incident kinds that declare it. The constants live in {@link Facts}; detectors write through them
 * ({@link FactMap#put}), so an unknown name or a wrong type cannot be written.
 *
 * @param name        name in JSON and in signatures' facts conditions ("inactive_file_kb")
 * @param type        its type
 * @param javaType    the class of the value stored (Integer, Long, String, List)
 * @param unit        unit of a number ("kB", "s", "jiffies", "count"...), or null
 * @param description what it means, for docs and {@code signatures lint} messages
 * @param kinds       the incident kinds that may carry it
 * @param <T>         the value type
 */
public record Fact<T>(String name, FactType type, Class<?> javaType, String unit, String description,
                      Set<IncidentKind> kinds) {

    /** True when an incident of this kind may carry the fact. */
    public boolean declaredFor(IncidentKind kind) {
        return kinds.contains(kind);
    }

    @Override
    public String toString() {
        return name + " (" + type.id() + (unit == null ? "" : ", " + unit) + ")";
    }
}
