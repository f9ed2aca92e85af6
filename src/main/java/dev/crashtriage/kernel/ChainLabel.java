package dev.crashtriage.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The short label of an incident in a causal chain ("ATA link resets on ata1, downgraded to PIO0", "kjournald
 * blocked", "14 tasks hung"), from its facts through the templates in chain-labels.properties; the wording is data.
 * Every renderer reads it here, so text and JSON say the same.
 */
public final class ChainLabel {
    private static final Map<IncidentKind, List<String>> TEMPLATES = load();

    private ChainLabel() {
    }

    /** The incident's chain label: the first template of its kind whose facts it has, else its title. */
    public static String of(Incident i) {
        for (String t : TEMPLATES.getOrDefault(i.kind(), List.of())) {
            String s = fill(t, i);
            if (s != null) {
                return s;
            }
        }
        return i.title() != null ? i.title() : i.kind().id();
    }

    /** The templates per kind, in order (for the test that ties them to the fact vocabulary). */
    static Map<IncidentKind, List<String>> templates() {
        return TEMPLATES;
    }

    /** The fact names a template reads ("ata_port" of "{ata_port:link}", "task_count" of "{?task_count>1}"). */
    static List<String> factsOf(String template) {
        List<String> names = new ArrayList<>();
        int at = 0;
        while ((at = template.indexOf('{', at)) >= 0) {
            int end = template.indexOf('}', at);
            names.add(name(template.substring(at + 1, end)));
            at = end + 1;
        }
        return names;
    }

    private static String name(String placeholder) {
        String p = placeholder.startsWith("?") ? placeholder.substring(1) : placeholder;
        int cut = p.indexOf(':');
        cut = cut < 0 ? p.indexOf('>') : cut;
        return cut < 0 ? p : p.substring(0, cut);
    }

    /** The filled template, or null when the incident lacks a fact it needs. */
    private static String fill(String template, Incident i) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                out.append(template, at, template.length());
                break;
            }
            out.append(template, at, open);
            int close = template.indexOf('}', open);
            String p = template.substring(open + 1, close);
            Object v = value(i, name(p));
            if (p.startsWith("?")) {
                int gt = p.indexOf('>');
                if (gt > 0 ? !(v instanceof Number n && n.doubleValue() > Double.parseDouble(p.substring(gt + 1))) : !isSet(v)) {
                    return null;
                }
            } else {
                if (v == null || v.toString().isEmpty()) {
                    return null;
                }
                String s = v.toString();
                if (p.endsWith(":link") && s.indexOf('.') > 0) {
                    s = s.substring(0, s.indexOf('.'));
                }
                out.append(s);
            }
            at = close + 1;
        }
        return out.toString();
    }

    private static boolean isSet(Object v) {
        return v != null && !(v instanceof Number n && n.doubleValue() == 0) && !"".equals(v);
    }

    /** A fact, or the report's own task and CPU ("comm", "pid", "cpu") when the facts do not carry them. */
    private static Object value(Incident i, String name) {
        Object v = i.facts().get(name);
        if (v != null) {
            return v;
        }
        return switch (name) {
            case "comm" -> i.comm();
            case "pid" -> i.pid();
            case "cpu" -> i.cpu();
            default -> null;
        };
    }

    private static Map<IncidentKind, List<String>> load() {
        Properties p = new Properties();
        try (InputStream in = ChainLabel.class.getResourceAsStream("chain-labels.properties")) {
            if (in == null) {
                throw new IllegalStateException("chain-labels.properties is missing from the build");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // "ata-error.2" sorts after "ata-error.1": numbered keys keep the file's order per kind
        Map<String, String> sorted = new TreeMap<>((a, b) -> {
            int da = a.lastIndexOf('.');
            int db = b.lastIndexOf('.');
            int c = a.substring(0, da).compareTo(b.substring(0, db));
            return c != 0 ? c : Integer.compare(Integer.parseInt(a.substring(da + 1)), Integer.parseInt(b.substring(db + 1)));
        });
        for (String k : p.stringPropertyNames()) {
            sorted.put(k, p.getProperty(k));
        }
        Map<IncidentKind, List<String>> out = new EnumMap<>(IncidentKind.class);
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            IncidentKind kind = IncidentKind.fromId(e.getKey().substring(0, e.getKey().lastIndexOf('.')));
            out.computeIfAbsent(kind, k -> new ArrayList<>()).add(e.getValue());
        }
        return out;
    }
}
