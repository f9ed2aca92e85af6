package dev.crashtriage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A project's defaults for {@code analyze}: {@code .crashtriage.yml} in the working directory, or the
 * file {@code --config} names. Keys are the long option names without dashes; a command-line option
 * always wins over the file; relative paths are relative to the file. An unknown key or a value of the
 * wrong type is a config error (exit 3): a typo must not silently turn a gate off.
 * <pre>
 * format: sarif
 * fail-on: high
 * min-confidence: 0.5
 * exclude-signature: [virt]
 * include: ["*.log", "*.log.gz"]
 * signatures: [ci/signatures]
 * baseline: ci/crashtriage-baseline.txt
 * </pre>
 */
final class ProjectConfig {
    static final String FILE_NAME = ".crashtriage.yml";

    /** Keys and whether each takes a list. */
    private static final Map<String, Kind> KEYS = new LinkedHashMap<>();

    enum Kind { STRING, LIST, BOOLEAN, NUMBER, PATH, PATHS }

    static {
        KEYS.put("format", Kind.STRING);
        KEYS.put("input-format", Kind.STRING);
        KEYS.put("fail-on", Kind.STRING);
        KEYS.put("min-confidence", Kind.NUMBER);
        KEYS.put("signature", Kind.LIST);
        KEYS.put("exclude-signature", Kind.LIST);
        KEYS.put("include", Kind.LIST);
        KEYS.put("exclude", Kind.LIST);
        KEYS.put("top", Kind.NUMBER);
        KEYS.put("jobs", Kind.NUMBER);
        KEYS.put("allow-empty", Kind.BOOLEAN);
        KEYS.put("summary-only", Kind.BOOLEAN);
        KEYS.put("quiet", Kind.BOOLEAN);
        KEYS.put("signatures", Kind.PATHS);
        KEYS.put("baseline", Kind.PATH);
    }

    /** A config that could not be used; its message is one line naming the file. */
    static final class ConfigException extends Exception {
        ConfigException(String message) {
            super(message);
        }
    }

    private final Path file;
    private final Map<String, JsonNode> values;

    private ProjectConfig(Path file, Map<String, JsonNode> values) {
        this.file = file;
        this.values = values;
    }

    static Set<String> keys() {
        return KEYS.keySet();
    }

    /** The file given, else .crashtriage.yml in the working directory if there is one, else null. */
    static ProjectConfig find(Path given) throws ConfigException {
        if (given != null) {
            if (!Files.isRegularFile(given)) {
                throw new ConfigException(given + ": no such config file");
            }
            return read(given);
        }
        Path here = Path.of(FILE_NAME);
        return Files.isRegularFile(here) ? read(here) : null;
    }

    static ProjectConfig read(Path file) throws ConfigException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("unreadable");
            throw new ConfigException(file + ": not valid YAML: " + msg);
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return new ProjectConfig(file, values);
        }
        if (!root.isObject()) {
            throw new ConfigException(file + ": expected a mapping of option names to values");
        }
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            Kind kind = KEYS.get(e.getKey());
            if (kind == null) {
                throw new ConfigException(file + ": unknown key '" + e.getKey() + "' (known: "
                        + String.join(", ", KEYS.keySet()) + ")");
            }
            JsonNode v = e.getValue();
            boolean ok = switch (kind) {
                case STRING, PATH -> v.isTextual();
                case NUMBER -> v.isNumber();
                case BOOLEAN -> v.isBoolean();
                case LIST, PATHS -> v.isTextual() || v.isArray() && allText(v);
            };
            if (!ok) {
                throw new ConfigException(file + ": '" + e.getKey() + "' must be "
                        + switch (kind) {
                            case STRING, PATH -> "a string";
                            case NUMBER -> "a number";
                            case BOOLEAN -> "true or false";
                            case LIST, PATHS -> "a string or a list of strings";
                        });
            }
            values.put(e.getKey(), v);
        }
        return new ProjectConfig(file, values);
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }

    Path file() {
        return file;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String string(String key) {
        return values.get(key).asText();
    }

    double number(String key) {
        return values.get(key).asDouble();
    }

    boolean bool(String key) {
        return values.get(key).asBoolean();
    }

    List<String> list(String key) {
        JsonNode v = values.get(key);
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(n -> out.add(n.asText()));
        } else {
            out.add(v.asText());
        }
        return out;
    }

    /** A path value, relative to the config file's directory. */
    Path path(String value) {
        Path p = Path.of(value);
        Path dir = file.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
    }
}
