package dev.crashtriage.signature;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.crashtriage.kernel.IncidentKind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates one signature file (docs/signature-format.md is the contract). Every problem
 * found is reported, each as {@code file:line:column: message}; a file with any problem yields no
 * signature.
 */
public final class SignatureLoader {
    private static final Set<String> TOP_KEYS = Set.of("id", "title", "severity", "area", "generic", "description",
            "match", "confidence", "explains", "confused_with", "remediation", "references");
    private static final Set<String> MATCH_KEYS = Set.of("scope", "selections", "condition");
    private static final Set<String> SELECTION_KEYS = Set.of("lines", "literal", "literals", "incident", "version",
            "count", "kernel_only");
    private static final Set<String> INCIDENT_KEYS = Set.of("kinds", "title", "frames", "modules", "facts");
    private static final Set<String> FRAME_KEYS = Set.of("any", "all", "sequence", "reliable_only");
    private static final Set<String> VERSION_KEYS = Set.of("pattern", "kernel", "below", "at_most", "at_least",
            "above", "equals");
    private static final Set<String> COUNT_KEYS = Set.of("at_least", "within");
    private static final Set<String> CONFIDENCE_KEYS = Set.of("base", "raise", "lower");
    private static final Set<String> ADJUSTMENT_KEYS = Set.of("when", "by", "hint");
    private static final Set<String> CONFUSED_KEYS = Set.of("id", "how");
    private static final Set<String> REMEDIATION_KEYS = Set.of("steps", "confirm");
    private static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "info");
    private static final java.util.regex.Pattern SLUG = java.util.regex.Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final java.util.regex.Pattern SELECTION_NAME = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([smh]?)");
    /** Longer patterns are refused: nothing legitimate needs them and they bound compile time and memory. */
    static final int MAX_PATTERN_LENGTH = 4096;
    static final int MAX_COUNT = 100_000;

    /** The outcome for one file: the signature, or the problems that stopped it. */
    public record Result(Signature signature, List<SignatureException> errors) {
        public boolean ok() {
            return signature != null;
        }
    }

    private final String file;
    private final Path path;
    private final List<SignatureException> errors = new ArrayList<>();

    private SignatureLoader(String file, Path path) {
        this.file = file;
        this.path = path;
    }

    /**
     * @param file how messages name the file
     * @param path the file (for its samples), may be null
     * @param text its content
     */
    public static Result load(String file, Path path, String text) {
        SignatureLoader l = new SignatureLoader(file, path);
        Signature s = null;
        try {
            YamlNode root = new YamlTreeReader(file).read(text);
            s = l.signature(root);
        } catch (SignatureException e) {
            l.errors.add(e);
        }
        return l.errors.isEmpty() ? new Result(s, List.of()) : new Result(null, List.copyOf(l.errors));
    }

    private void error(YamlNode at, String message) {
        errors.add(new SignatureException(file, at.line(), at.column(), message));
    }

    private void error(int line, int column, String message) {
        errors.add(new SignatureException(file, line, column, message));
    }

    private Signature signature(YamlNode root) {
        if (!(root instanceof YamlNode.Mapping m)) {
            error(root, "a signature must be a YAML mapping, found a " + root.typeName());
            return null;
        }
        unknownKeys(m, TOP_KEYS, "signature");
        String id = requiredString(m, "id");
        if (id != null && !SLUG.matcher(id).matches()) {
            error(m.get("id"), "id '" + id + "' is not a lowercase kebab slug (a-z, 0-9, '-')");
        } else if (id != null && path != null) {
            String stem = path.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            if (!stem.equals(id)) {
                error(m.get("id"), "id '" + id + "' does not match the file name '" + path.getFileName() + "'");
            }
        }
        String title = requiredString(m, "title");
        String severity = requiredString(m, "severity");
        if (severity != null && !SEVERITIES.contains(severity)) {
            error(m.get("severity"), "severity must be one of " + String.join(", ", SEVERITIES) + ", not '" + severity + "'");
        }
        String area = requiredString(m, "area");
        if (area != null && !SLUG.matcher(area).matches()) {
            error(m.get("area"), "area '" + area + "' is not a lowercase word");
        }
        boolean generic = optionalBoolean(m, "generic", false);
        String description = requiredString(m, "description");

        Scope scope = Scope.HOST;
        Map<String, Selection> selections = new LinkedHashMap<>();
        Condition condition = null;
        YamlNode matchNode = required(m, "match");
        if (matchNode != null && mapping(matchNode, "match") instanceof YamlNode.Mapping match) {
            unknownKeys(match, MATCH_KEYS, "match");
            String scopeText = optionalString(match, "scope");
            if (scopeText != null) {
                switch (scopeText) {
                    case "host": scope = Scope.HOST; break;
                    case "boot": scope = Scope.BOOT; break;
                    case "incident": scope = Scope.INCIDENT; break;
                    default: error(match.get("scope"), "scope must be host, boot or incident, not '" + scopeText + "'");
                }
            }
            YamlNode selNode = required(match, "selections");
            if (selNode != null && mapping(selNode, "selections") instanceof YamlNode.Mapping sels) {
                if (sels.entries().isEmpty()) {
                    error(sels, "selections is empty: name at least one piece of evidence");
                }
                for (YamlNode.Entry e : sels.entries().values()) {
                    if (!SELECTION_NAME.matcher(e.key()).matches() || isKeyword(e.key())) {
                        error(e.line(), e.column(), "bad selection name '" + e.key() + "' (letters, digits, '_', '-'; not and/or/not)");
                        continue;
                    }
                    Selection s = selection(e.key(), e.value());
                    if (s != null) {
                        selections.put(e.key(), s);
                    }
                }
            }
            YamlNode condNode = required(match, "condition");
            if (condNode != null) {
                condition = condition(condNode, sels(selNode));
            }
        }

        double base = 0;
        List<Signature.Adjustment> raise = new ArrayList<>();
        List<Signature.Adjustment> lower = new ArrayList<>();
        YamlNode confNode = required(m, "confidence");
        if (confNode != null && mapping(confNode, "confidence") instanceof YamlNode.Mapping conf) {
            unknownKeys(conf, CONFIDENCE_KEYS, "confidence");
            YamlNode b = required(conf, "base");
            if (b != null) {
                Double v = number(b, "base");
                if (v != null && (v < 0 || v > 1)) {
                    error(b, "base must be between 0 and 1");
                } else if (v != null) {
                    base = v;
                }
            }
            adjustments(conf.get("raise"), "raise", sels(selNode(m)), raise);
            adjustments(conf.get("lower"), "lower", sels(selNode(m)), lower);
        }

        List<String> explains = new ArrayList<>();
        YamlNode ex = m.get("explains");
        if (ex != null) {
            for (YamlNode k : list(ex, "explains")) {
                String kind = string(k, "an incident kind");
                if (kind != null && !isKind(kind)) {
                    error(k, "unknown incident kind '" + kind + "'");
                } else if (kind != null) {
                    explains.add(kind);
                }
            }
        }
        List<Signature.ConfusedWith> confused = new ArrayList<>();
        YamlNode cw = m.get("confused_with");
        if (cw != null) {
            for (YamlNode item : list(cw, "confused_with")) {
                if (mapping(item, "a confused_with entry") instanceof YamlNode.Mapping c) {
                    unknownKeys(c, CONFUSED_KEYS, "confused_with entry");
                    String cid = requiredString(c, "id");
                    String how = requiredString(c, "how");
                    if (cid != null && how != null) {
                        confused.add(new Signature.ConfusedWith(cid, how));
                    }
                }
            }
        }
        List<String> steps = new ArrayList<>();
        List<String> confirm = new ArrayList<>();
        YamlNode remNode = required(m, "remediation");
        if (remNode != null && mapping(remNode, "remediation") instanceof YamlNode.Mapping rem) {
            unknownKeys(rem, REMEDIATION_KEYS, "remediation");
            YamlNode st = required(rem, "steps");
            if (st != null) {
                steps.addAll(strings(st, "steps"));
                if (st instanceof YamlNode.Sequence seq && seq.items().isEmpty()) {
                    error(st, "remediation steps is empty: give at least one step");
                }
            }
            if (rem.get("confirm") != null) {
                confirm.addAll(strings(rem.get("confirm"), "confirm"));
            }
        }
        List<String> references = new ArrayList<>();
        YamlNode refs = required(m, "references");
        if (refs != null) {
            references.addAll(strings(refs, "references"));
            if (refs instanceof YamlNode.Sequence seq && seq.items().isEmpty()) {
                error(refs, "references is empty: give at least one URL or citation");
            }
        }
        if (!errors.isEmpty()) {
            return null;
        }
        return new Signature(id, title, severity, area, generic, description.strip(), scope,
                java.util.Collections.unmodifiableMap(selections), condition, base, List.copyOf(raise),
                List.copyOf(lower), List.copyOf(explains), List.copyOf(confused), List.copyOf(steps),
                List.copyOf(confirm), List.copyOf(references), file, path, false);
    }

    private static YamlNode selNode(YamlNode.Mapping top) {
        return top.get("match") instanceof YamlNode.Mapping mm ? mm.get("selections") : null;
    }

    private static Set<String> sels(YamlNode selNode) {
        return selNode instanceof YamlNode.Mapping sm ? sm.entries().keySet() : Set.of();
    }

    private static boolean isKeyword(String s) {
        return s.equals("and") || s.equals("or") || s.equals("not");
    }

    private static boolean isKind(String id) {
        for (IncidentKind k : IncidentKind.values()) {
            if (k.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private Condition condition(YamlNode node, Set<String> defined) {
        String text = string(node, "condition");
        if (text == null) {
            return null;
        }
        try {
            Condition c = ConditionParser.parse(text);
            Set<String> names = new LinkedHashSet<>();
            c.names(names);
            for (String n : names) {
                if (!defined.contains(n)) {
                    int off = nameOffset(text, n);
                    error(node.line(), node.column() + Math.max(0, off), "condition names '" + n
                            + "', which is not a selection (defined: " + String.join(", ", defined) + ")");
                }
            }
            return c;
        } catch (ConditionParser.ParseError e) {
            error(node.line(), node.column() + e.offset, "bad condition: " + e.getMessage());
            return null;
        }
    }

    /** Where a name stands as a whole word in a condition (not inside a longer name), or 0. */
    private static int nameOffset(String text, String name) {
        int from = 0;
        int at;
        while ((at = text.indexOf(name, from)) >= 0) {
            boolean startOk = at == 0 || !isNameChar(text.charAt(at - 1));
            int end = at + name.length();
            boolean endOk = end >= text.length() || !isNameChar(text.charAt(end));
            if (startOk && endOk) {
                return at;
            }
            from = at + 1;
        }
        return 0;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    private void adjustments(YamlNode node, String what, Set<String> defined, List<Signature.Adjustment> into) {
        if (node == null) {
            return;
        }
        for (YamlNode item : list(node, what)) {
            if (!(mapping(item, "a " + what + " entry") instanceof YamlNode.Mapping a)) {
                continue;
            }
            unknownKeys(a, ADJUSTMENT_KEYS, what + " entry");
            YamlNode when = required(a, "when");
            Condition c = when == null ? null : condition(when, defined);
            YamlNode byNode = required(a, "by");
            Double by = byNode == null ? null : number(byNode, "by");
            if (by != null && (by < 0 || by > 1)) {
                error(byNode, "by must be between 0 and 1");
                by = null;
            }
            String hint = requiredString(a, "hint");
            if (c != null && by != null && hint != null) {
                into.add(new Signature.Adjustment(((YamlNode.Scalar) when).text(), c, by, hint));
            }
        }
    }

    private Selection selection(String name, YamlNode node) {
        if (!(mapping(node, "a selection") instanceof YamlNode.Mapping m)) {
            return null;
        }
        unknownKeys(m, SELECTION_KEYS, "selection");
        boolean lines = m.get("lines") != null || m.get("literal") != null || m.get("literals") != null;
        int forms = (lines ? 1 : 0) + (m.get("incident") != null ? 1 : 0) + (m.get("version") != null ? 1 : 0);
        if (forms != 1) {
            error(m, "selection '" + name + "' must have exactly one of lines/literal(s), incident, version");
            return null;
        }
        if (!lines && (m.get("count") != null || m.get("kernel_only") != null)) {
            YamlNode bad = m.get("count") != null ? m.get("count") : m.get("kernel_only");
            error(bad, "count and kernel_only only apply to lines selections");
        }
        if (lines) {
            return linesSelection(name, m);
        }
        if (m.get("incident") != null) {
            return incidentSelection(name, m.get("incident"));
        }
        return versionSelection(name, m.get("version"));
    }

    private Selection linesSelection(String name, YamlNode.Mapping m) {
        List<LinePattern> patterns = new ArrayList<>();
        if (m.get("lines") != null) {
            for (YamlNode p : list(m.get("lines"), "lines")) {
                LinePattern lp = pattern(p);
                if (lp != null) {
                    patterns.add(lp);
                }
            }
        }
        if (m.get("literal") != null) {
            String lit = string(m.get("literal"), "literal");
            if (lit != null && !lit.isEmpty()) {
                patterns.add(LinePattern.literal(lit));
            } else if (lit != null) {
                error(m.get("literal"), "empty literal");
            }
        }
        if (m.get("literals") != null) {
            for (YamlNode p : list(m.get("literals"), "literals")) {
                String lit = string(p, "literal");
                if (lit != null && !lit.isEmpty()) {
                    patterns.add(LinePattern.literal(lit));
                } else if (lit != null) {
                    error(p, "empty literal");
                }
            }
        }
        if (patterns.isEmpty() && errors.isEmpty()) {
            error(m, "selection '" + name + "' has no patterns");
        }
        int atLeast = 1;
        double within = 0;
        YamlNode countNode = m.get("count");
        if (countNode != null && mapping(countNode, "count") instanceof YamlNode.Mapping c) {
            unknownKeys(c, COUNT_KEYS, "count");
            YamlNode al = required(c, "at_least");
            if (al != null) {
                Double v = number(al, "at_least");
                if (v != null && (v != Math.rint(v) || v < 1 || v > MAX_COUNT)) {
                    error(al, "at_least must be a whole number from 1 to " + MAX_COUNT);
                } else if (v != null) {
                    atLeast = v.intValue();
                }
            }
            YamlNode w = c.get("within");
            if (w != null) {
                String text = w instanceof YamlNode.Scalar s ? s.text() : null;
                java.util.regex.Matcher dm = text == null ? null : DURATION.matcher(text.trim());
                if (dm == null || !dm.matches()) {
                    error(w, "within must be a duration such as 30s, 5m or 1h");
                } else {
                    double v = Double.parseDouble(dm.group(1));
                    String unit = dm.group(2);
                    within = unit.equals("h") ? v * 3600 : unit.equals("m") ? v * 60 : v;
                    if (within <= 0) {
                        error(w, "within must be longer than zero");
                    }
                }
            }
        }
        boolean kernelOnly = optionalBoolean(m, "kernel_only", true);
        return new Selection.Lines(name, List.copyOf(patterns), atLeast, within, kernelOnly);
    }

    private LinePattern pattern(YamlNode node) {
        String p = string(node, "a pattern");
        if (p == null) {
            return null;
        }
        Pattern compiled = compile(node, p);
        return compiled == null ? null : LinePattern.regex(p, compiled);
    }

    private Pattern compile(YamlNode node, String p) {
        if (p.isEmpty()) {
            error(node, "empty pattern: it would match every line");
            return null;
        }
        if (p.length() > MAX_PATTERN_LENGTH) {
            error(node, "pattern longer than " + MAX_PATTERN_LENGTH + " characters");
            return null;
        }
        try {
            return Pattern.compile(p);
        } catch (PatternSyntaxException e) {
            error(node, "bad pattern '" + p + "': " + e.getDescription()
                    + " (re2j syntax: no backreferences or lookaround)");
            return null;
        } catch (RuntimeException e) {
            error(node, "bad pattern '" + p + "': " + e.getMessage());
            return null;
        }
    }

    private Selection incidentSelection(String name, YamlNode node) {
        if (!(mapping(node, "incident") instanceof YamlNode.Mapping m)) {
            return null;
        }
        unknownKeys(m, INCIDENT_KEYS, "incident");
        if (m.entries().isEmpty()) {
            error(m, "incident selection '" + name + "' is empty: give kinds, title, frames, modules or facts");
        }
        Set<IncidentKind> kinds = EnumSet.noneOf(IncidentKind.class);
        if (m.get("kinds") != null) {
            for (YamlNode k : list(m.get("kinds"), "kinds")) {
                String id = string(k, "an incident kind");
                if (id != null && !isKind(id)) {
                    error(k, "unknown incident kind '" + id + "'");
                } else if (id != null) {
                    kinds.add(IncidentKind.fromId(id));
                }
            }
        }
        Pattern title = null;
        if (m.get("title") != null) {
            String t = string(m.get("title"), "title");
            title = t == null ? null : compile(m.get("title"), t);
        }
        Selection.FrameRule frames = null;
        if (m.get("frames") != null && mapping(m.get("frames"), "frames") instanceof YamlNode.Mapping f) {
            unknownKeys(f, FRAME_KEYS, "frames");
            frames = new Selection.FrameRule(patterns(f.get("any"), "any"), patterns(f.get("all"), "all"),
                    patterns(f.get("sequence"), "sequence"), optionalBoolean(f, "reliable_only", false));
            if (frames.any().isEmpty() && frames.all().isEmpty() && frames.sequence().isEmpty()) {
                error(f, "frames needs any, all or sequence");
            }
        }
        List<String> modules = m.get("modules") == null ? List.of() : strings(m.get("modules"), "modules");
        List<FactCondition> facts = new ArrayList<>();
        if (m.get("facts") != null) {
            for (YamlNode fn : list(m.get("facts"), "facts")) {
                String text = string(fn, "a facts condition");
                if (text == null) {
                    continue;
                }
                try {
                    facts.add(FactConditionParser.parse(text));
                } catch (FactConditionParser.ParseError e) {
                    error(fn.line(), fn.column() + e.offset, "bad facts condition '" + text + "': " + e.getMessage());
                }
            }
        }
        return new Selection.IncidentMatch(name, kinds, title, frames, List.copyOf(modules), List.copyOf(facts));
    }

    private List<Pattern> patterns(YamlNode node, String what) {
        if (node == null) {
            return List.of();
        }
        List<Pattern> out = new ArrayList<>();
        for (YamlNode p : list(node, what)) {
            String s = string(p, "a pattern");
            Pattern c = s == null ? null : compile(p, s);
            if (c != null) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    private Selection versionSelection(String name, YamlNode node) {
        if (!(mapping(node, "version") instanceof YamlNode.Mapping m)) {
            return null;
        }
        unknownKeys(m, VERSION_KEYS, "version");
        boolean kernel = optionalBoolean(m, "kernel", false);
        LinePattern pattern = null;
        if (m.get("pattern") != null) {
            if (kernel) {
                error(m.get("pattern"), "give either pattern or kernel: true, not both");
            }
            String p = string(m.get("pattern"), "pattern");
            Pattern c = p == null ? null : compile(m.get("pattern"), p);
            if (c != null && c.groupCount() < 1) {
                error(m.get("pattern"), "version pattern needs a group: group 1 is the version");
            } else if (c != null) {
                pattern = LinePattern.regex(p, c);
            }
        } else if (!kernel) {
            error(m, "version selection '" + name + "' needs pattern or kernel: true");
        }
        VersionBound bound = null;
        for (String op : VersionBound.OPS) {
            YamlNode v = m.get(op);
            if (v == null) {
                continue;
            }
            if (bound != null) {
                error(v, "give one comparison per version selection");
                continue;
            }
            String text = v instanceof YamlNode.Scalar s ? s.text() : null;
            if (text == null || VersionBound.parts(text).length == 0) {
                error(v, "bad version '" + text + "': expected dotted numbers such as 3.122 or 2.6.18");
                continue;
            }
            bound = new VersionBound(op, text);
        }
        if (bound == null && errors.isEmpty()) {
            error(m, "version selection '" + name + "' needs one of below, at_most, at_least, above, equals");
        }
        return new Selection.Version(name, pattern, kernel, bound);
    }

    // ---- small typed accessors; each reports its own error and returns null on a wrong type ----

    private void unknownKeys(YamlNode.Mapping m, Set<String> allowed, String where) {
        for (YamlNode.Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                error(e.line(), e.column(), "unknown key '" + e.key() + "' in " + where + " (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private YamlNode required(YamlNode.Mapping m, String key) {
        YamlNode n = m.get(key);
        if (n == null || (n instanceof YamlNode.Scalar s && s.text() == null)) {
            error(m, "missing required key '" + key + "'");
            return null;
        }
        return n;
    }

    private String requiredString(YamlNode.Mapping m, String key) {
        YamlNode n = required(m, key);
        if (n == null) {
            return null;
        }
        String s = string(n, key);
        if (s != null && s.isBlank()) {
            error(n, key + " is empty");
            return null;
        }
        return s;
    }

    private String optionalString(YamlNode.Mapping m, String key) {
        YamlNode n = m.get(key);
        return n == null ? null : string(n, key);
    }

    private boolean optionalBoolean(YamlNode.Mapping m, String key, boolean dflt) {
        YamlNode n = m.get(key);
        if (n == null) {
            return dflt;
        }
        if (n instanceof YamlNode.Scalar s && s.kind().equals("boolean")) {
            return Boolean.parseBoolean(s.text());
        }
        error(n, key + " must be true or false, found a " + n.typeName());
        return dflt;
    }

    private String string(YamlNode n, String what) {
        if (n instanceof YamlNode.Scalar s && s.text() != null && !s.kind().equals("boolean")) {
            return s.text();
        }
        error(n, what + " must be a string, found a " + n.typeName());
        return null;
    }

    private Double number(YamlNode n, String what) {
        if (n instanceof YamlNode.Scalar s && s.kind().equals("number")) {
            try {
                return Double.parseDouble(s.text());
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        error(n, what + " must be a number, found a " + n.typeName());
        return null;
    }

    private YamlNode mapping(YamlNode n, String what) {
        if (n instanceof YamlNode.Mapping) {
            return n;
        }
        error(n, what + " must be a mapping, found a " + n.typeName());
        return null;
    }

    private List<YamlNode> list(YamlNode n, String what) {
        if (n instanceof YamlNode.Sequence s) {
            return s.items();
        }
        error(n, what + " must be a list, found a " + n.typeName());
        return List.of();
    }

    private List<String> strings(YamlNode n, String what) {
        List<String> out = new ArrayList<>();
        for (YamlNode item : list(n, what)) {
            String s = string(item, "an entry of " + what);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }
}
