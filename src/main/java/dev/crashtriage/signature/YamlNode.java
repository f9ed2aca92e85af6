package dev.crashtriage.signature;

import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers where it was written, so every validation error can name its
 * line and column (Jackson's own tree forgets locations).
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

    int line();

    int column();

    /** A short name of the node's type for error messages. */
    String typeName();

    /**
     * A plain value.
     *
     * @param text   its text as written (null for a YAML null)
     * @param kind   "string", "number", "boolean" or "null" as the YAML parser typed it
     */
    record Scalar(String text, String kind, int line, int column) implements YamlNode {
        @Override
        public String typeName() {
            return kind;
        }
    }

    record Sequence(List<YamlNode> items, int line, int column) implements YamlNode {
        @Override
        public String typeName() {
            return "list";
        }
    }

    /** A mapping in written order; keys are unique (the reader rejects duplicates). */
    record Mapping(Map<String, Entry> entries, int line, int column) implements YamlNode {
        @Override
        public String typeName() {
            return "mapping";
        }

        public YamlNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }
    }

    /** One key of a mapping, with the key's own position (where unknown-key errors point). */
    record Entry(String key, int line, int column, YamlNode value) {
    }
}
