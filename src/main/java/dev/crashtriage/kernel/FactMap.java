package dev.crashtriage.kernel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The facts of an incident under construction, written only through the typed {@link Fact} constants of
 * {@link Facts}: no free-form string keys. Insertion order is kept (it is the JSON order).
 */
public final class FactMap {
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** Sets a fact; a null value removes it. */
    public <T> void put(Fact<T> fact, T value) {
        if (value == null) {
            values.remove(fact.name());
        } else {
            values.put(fact.name(), value);
        }
    }

    /** Sets a flag fact to 1 or 0. */
    public void flag(Fact<Integer> fact, boolean on) {
        values.put(fact.name(), on ? 1 : 0);
    }

    /** Sets the fact unless it is already set. */
    public <T> void putIfAbsent(Fact<T> fact, T value) {
        if (value != null) {
            values.putIfAbsent(fact.name(), value);
        }
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Fact<T> fact) {
        return (T) values.get(fact.name());
    }

    /** A value by its name, as signatures read facts (writing is only through {@link Fact} constants). */
    public Object get(String name) {
        return values.get(name);
    }

    public boolean has(Fact<?> fact) {
        return values.containsKey(fact.name());
    }

    public <T> T remove(Fact<T> fact) {
        @SuppressWarnings("unchecked")
        T v = (T) values.remove(fact.name());
        return v;
    }

    /** Adds to an integer fact (absent counts as 0). */
    public void add(Fact<Long> fact, long delta) {
        values.merge(fact.name(), delta, (a, b) -> (Long) a + (Long) b);
    }

    /** Adds to an int-valued integer fact (absent counts as 0). */
    public void addInt(Fact<Integer> fact, int delta) {
        values.merge(fact.name(), delta, (a, b) -> (Integer) a + (Integer) b);
    }

    /** A read-only copy for the finished {@link Incident}. */
    Map<String, Object> snapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Names set so far, for the vocabulary check at build time. */
    Iterable<String> names() {
        return values.keySet();
    }
}
