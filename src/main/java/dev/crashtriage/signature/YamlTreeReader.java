package dev.crashtriage.signature;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one YAML document into {@link YamlNode}s that keep their line and column. */
final class YamlTreeReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();
    /** Nesting deeper than any signature needs is refused rather than risk a stack overflow on hostile input. */
    private static final int MAX_DEPTH = 64;

    private final String file;

    YamlTreeReader(String file) {
        this.file = file;
    }

    YamlNode read(String text) throws SignatureException {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new SignatureException(file, 1, 1, "empty file: a signature is a YAML mapping");
            }
            YamlNode root = node(p, t, 0);
            JsonToken next = p.nextToken();
            if (next != null) {
                JsonLocation l = p.currentTokenLocation();
                throw new SignatureException(file, l.getLineNr(), l.getColumnNr(),
                        "more than one YAML document: one signature per file");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            int line = l == null ? 1 : Math.max(1, l.getLineNr());
            int col = l == null ? 1 : Math.max(1, l.getColumnNr());
            throw new SignatureException(file, line, col, "malformed YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new SignatureException(file, 1, 1, "cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            // SnakeYAML reports some malformed inputs with unchecked exceptions; they are still the file's fault
            throw new SignatureException(file, 1, 1, "malformed YAML: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    private YamlNode node(JsonParser p, JsonToken t, int depth) throws IOException, SignatureException {
        JsonLocation l = p.currentTokenLocation();
        int line = l.getLineNr();
        int col = l.getColumnNr();
        if (depth > MAX_DEPTH) {
            throw new SignatureException(file, line, col, "nested too deeply");
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    JsonLocation kl = p.currentTokenLocation();
                    String key = p.currentName();
                    YamlNode value = node(p, p.nextToken(), depth + 1);
                    if (entries.containsKey(key)) {
                        throw new SignatureException(file, kl.getLineNr(), kl.getColumnNr(), "duplicate key '" + key + "'");
                    }
                    entries.put(key, new YamlNode.Entry(key, kl.getLineNr(), kl.getColumnNr(), value));
                }
                if (k != JsonToken.END_OBJECT) {
                    throw new SignatureException(file, line, col, "malformed mapping");
                }
                return new YamlNode.Mapping(entries, line, col);
            }
            case START_ARRAY: {
                List<YamlNode> items = new ArrayList<>();
                JsonToken n;
                while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (n == null) {
                        throw new SignatureException(file, line, col, "unterminated list");
                    }
                    items.add(node(p, n, depth + 1));
                }
                return new YamlNode.Sequence(items, line, col);
            }
            case VALUE_STRING:
                return new YamlNode.Scalar(p.getText(), "string", line, col);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new YamlNode.Scalar(p.getText(), "number", line, col);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new YamlNode.Scalar(p.getText(), "boolean", line, col);
            case VALUE_NULL:
                return new YamlNode.Scalar(null, "null", line, col);
            default:
                throw new SignatureException(file, line, col, "unexpected YAML token " + t);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
