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
import java.util.Objects;
import java.util.Set;

/**
 * Reads and validates one signature file (docs/signature-format.md is the contract). Every problem
 * found is reported, each as {@code file:line:column: message}; a file with any problem yields no
 * signature.
 */
public final class SignatureLoader {
    private static final Set<String> TOP_KEYS = Set.of("id", "title", "severity", "area", "generic", "description",
            "match", "confidence", "explains", "confused_with", "remediation", "references", "preceded_by",
            "severity_when");
    private static final Set<String> SEVERITY_RULE_KEYS = Set.of("when", "severity");
    private static final Set<String> MATCH_KEYS = Set.of("scope", "selections", "condition");
    static final String LEGACY_SCOPE_HINT = "match.scope is no longer supported (it matched lines anywhere in the"
            + " stream or boot): drop it, list the incident kinds the cause explains under 'explains:' (e.g. [oops, bug]),"
            + " and give each lines/incident selection a 'where:' (incident, before/after/around with 'within: 10m',"
            + " boot or previous_boot); platform, version and modules stay host facts. See docs/signature-format.md";
    private static final Set<String> SELECTION_KEYS = Set.of("lines", "literal", "literals", "incident", "version",
            "count", "kernel_only", "where", "within", "frames", "modules", "platform");
    private static final Set<String> INCIDENT_KEYS = Set.of("kinds", "title", "frames", "modules", "facts");
    private static final Set<String> FRAME_KEYS = Set.of("any", "all", "sequence", "reliable_only", "sections", "guilty",
            "at_least");
    private static final Set<String> FRAME_PATTERN_KEYS = Set.of("function", "module", "reliable");
    private static final Set<String> PRECEDENT_KEYS = Set.of("kinds", "within", "same", "facts");
    /** Stack sections the kernel layer gives frames (see FrameParser.sectionMarker and the crash detector). */
    private static final Set<String> SECTIONS = Set.of("task", "irq", "softirq", "nmi", "exception", "registers",
            Selection.FrameRule.OTHER_CPU);
    private static final Set<String> VERSION_KEYS = Set.of("pattern", "kernel", "below", "at_most", "at_least",
            "above", "equals", "changed_from_previous_boot");
    private static final Set<String> COUNT_KEYS = Set.of("at_least", "within");
    private static final Set<String> CONFIDENCE_KEYS = Set.of("base", "raise", "lower");
    private static final Set<String> ADJUSTMENT_KEYS = Set.of("when", "by", "hint");
    private static final Set<String> CONFUSED_KEYS = Set.of("id", "how");
    private static final Set<String> REMEDIATION_KEYS = Set.of("steps", "confirm");
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
    /** The file's own name, which the id must equal; null when unknown (a text given without a file). */
    private final String fileName;
    /**
     * Built-in line patterns, validated when the build wrote the compact catalogue, are compiled on first use, with
     * the literals the build extracted; null for a file validated here.
     */
    private final LinePattern.Extracted validatedAtBuild;
    /** Regexes this load has compiled already, shared with the other files of the same catalogue load. */
    private final CompiledPatterns compiledPatterns;
    private final List<SignatureException> errors = new ArrayList<>();
    /** Facts conditions to check against the vocabulary once {@code explains} is known. */
    private final List<FactUse> factUses = new ArrayList<>();

    /**
     * Facts conditions written somewhere, for the kinds they apply to.
     *
     * @param kinds       the kinds named where they are written; empty for "the incident this signature explains"
     * @param explained   true when an empty {@code kinds} means the signature's explained kinds (else: any kind)
     */
    private record FactUse(YamlNode at, List<FactCondition> facts, Set<IncidentKind> kinds, boolean explained) {
    }

    private SignatureLoader(String file, Path path, String fileName) {
        this(file, path, fileName, null, new CompiledPatterns());
    }

    private SignatureLoader(String file, Path path, String fileName, LinePattern.Extracted validatedAtBuild,
                            CompiledPatterns compiledPatterns) {
        this.file = file;
        this.path = path;
        this.fileName = fileName;
        this.validatedAtBuild = validatedAtBuild;
        this.compiledPatterns = compiledPatterns;
    }

    /**
     * @param file how messages name the file
     * @param path the file (for its samples), may be null
     * @param text its content
     */
    public static Result load(String file, Path path, String text) {
        return load(file, path, text, new CompiledPatterns());
    }

    /** {@link #load}, reusing the regexes the other files of the same catalogue load compiled. */
    static Result load(String file, Path path, String text, CompiledPatterns compiledPatterns) {
        YamlNode root;
        try {
            root = new YamlTreeReader(file).read(text);
        } catch (SignatureException e) {
            return new Result(null, List.of(e));
        }
        return fromTree(file, path, root, compiledPatterns);
    }

    /**
     * {@link #load} of a file whose YAML was parsed before ({@link UserTreeCache}): the same checks and messages.
     *
     * @param path the file (its name is the id's, its folder holds the samples), may be null
     */
    static Result fromTree(String file, Path path, YamlNode root, CompiledPatterns compiledPatterns) {
        SignatureLoader l = new SignatureLoader(file, path, path == null ? null : path.getFileName().toString(), null,
                compiledPatterns);
        return l.result(l.signature(root));
    }

    /**
     * Validates a file already read into a tree (the build-time compact catalogue): the same checks and messages
     * as {@link #load}, with no YAML parser on the way.
     *
     * @param file     how messages name the file
     * @param fileName the file's own name, which the id must equal
     * @param root     the file's YAML tree
     */
    static Result fromTree(String file, String fileName, YamlNode root) {
        SignatureLoader l = new SignatureLoader(file, null, fileName);
        return l.result(l.signature(root));
    }

    /**
     * {@link #fromTree} for a built-in the build has already validated ({@link CompactCatalogWriter} fails the build
     * on any error): the same checks, except that line patterns are compiled on first use rather than here, and
     * take their literals from {@code extracted} (the catalogue's table) where it has them.
     */
    static Result fromValidatedTree(String file, String fileName, YamlNode root, LinePattern.Extracted extracted) {
        SignatureLoader l = new SignatureLoader(file, null, fileName, Objects.requireNonNull(extracted),
                new CompiledPatterns());
        return l.result(l.signature(root));
    }

    private Result result(Signature s) {
        return errors.isEmpty() ? new Result(s, List.of()) : new Result(null, List.copyOf(errors));
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
        } else if (id != null && fileName != null) {
            String stem = fileName.replaceFirst("\\.ya?ml$", "");
            if (!stem.equals(id)) {
                error(m.get("id"), "id '" + id + "' does not match the file name '" + fileName + "'");
            }
        }
        String title = requiredString(m, "title");
        Severity severity = severity(required(m, "severity"));
        String area = requiredString(m, "area");
        if (area != null && !SLUG.matcher(area).matches()) {
            error(m.get("area"), "area '" + area + "' is not a lowercase word");
        }
        boolean generic = optionalBoolean(m, "generic", false);
        String description = requiredString(m, "description");

        Scope scope = Scope.EXPLAINED;
        Map<String, Selection> selections = new LinkedHashMap<>();
        Condition condition = null;
        YamlNode matchNode = required(m, "match");
        if (matchNode != null && mapping(matchNode, "match") instanceof YamlNode.Mapping match) {
            unknownKeys(match, MATCH_KEYS, "match");
            String scopeText = optionalString(match, "scope");
            if (scopeText != null && path != null) {
                // The legacy format matched lines anywhere in a stream or boot: evidence from one event explained
                // another. A signature file in it is refused, with the way to the incident-bound format.
                error(match.get("scope"), LEGACY_SCOPE_HINT);
                scopeText = null;
            }
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
                    Selection s = selection(e.key(), e.value(), scope);
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
        if (ex == null && scope == Scope.EXPLAINED) {
            error(m, "missing required key 'explains': the incident kinds this cause explains (each is judged on its own)");
        } else if (ex instanceof YamlNode.Sequence exs && exs.items().isEmpty() && scope == Scope.EXPLAINED) {
            error(ex, "explains is empty: name the incident kinds this cause explains");
        }
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
        List<Signature.Precedent> precededBy = new ArrayList<>();
        if (m.get("preceded_by") != null) {
            if (scope != Scope.EXPLAINED) {
                error(m.get("preceded_by"), "preceded_by needs the incident-bound format (drop match.scope)");
            } else {
                for (YamlNode item : list(m.get("preceded_by"), "preceded_by")) {
                    Signature.Precedent p = precedent(item);
                    if (p != null) {
                        precededBy.add(p);
                    }
                }
            }
        }
        List<Signature.SeverityRule> severityWhen = new ArrayList<>();
        if (m.get("severity_when") != null && scope != Scope.EXPLAINED) {
            error(m.get("severity_when"), "severity_when needs the incident-bound format (drop match.scope)");
        } else if (m.get("severity_when") != null) {
            for (YamlNode item : list(m.get("severity_when"), "severity_when")) {
                if (!(mapping(item, "a severity_when entry") instanceof YamlNode.Mapping r)) {
                    continue;
                }
                unknownKeys(r, SEVERITY_RULE_KEYS, "severity_when entry");
                YamlNode when = required(r, "when");
                Condition c = when == null ? null : condition(when, sels(selNode(m)));
                Severity sev = severity(required(r, "severity"));
                if (c != null && sev != null) {
                    severityWhen.add(new Signature.SeverityRule(((YamlNode.Scalar) when).text(), c, sev));
                }
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
        checkFacts(explains);
        if (!errors.isEmpty()) {
            return null;
        }
        return new Signature(id, title, severity, area, generic, description.strip(), scope,
                java.util.Collections.unmodifiableMap(selections), condition, base, List.copyOf(raise),
                List.copyOf(lower), List.copyOf(explains), List.copyOf(confused), List.copyOf(steps),
                List.copyOf(confirm), List.copyOf(references), file, path, false, List.copyOf(precededBy),
                List.copyOf(severityWhen));
    }

    private Severity severity(YamlNode n) {
        if (n == null) {
            return null;
        }
        String text = string(n, "severity");
        Severity s = text == null ? null : Severity.fromId(text);
        if (text != null && s == null) {
            error(n, "severity must be one of critical, high, medium, low, info, not '" + text + "'");
        }
        return s;
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

    private Selection selection(String name, YamlNode node, Scope scope) {
        if (!(mapping(node, "a selection") instanceof YamlNode.Mapping m)) {
            return null;
        }
        unknownKeys(m, SELECTION_KEYS, "selection");
        boolean lines = m.get("lines") != null || m.get("literal") != null || m.get("literals") != null;
        boolean bound = scope == Scope.EXPLAINED;
        int forms = (lines ? 1 : 0) + (m.get("incident") != null ? 1 : 0) + (m.get("version") != null ? 1 : 0)
                + (m.get("frames") != null ? 1 : 0) + (m.get("modules") != null ? 1 : 0) + (m.get("platform") != null ? 1 : 0);
        if (forms != 1) {
            error(m, "selection '" + name + "' must have exactly one of " + (bound
                    ? "lines/literal(s), frames, incident, platform, version, modules"
                    : "lines/literal(s), incident, version"));
            return null;
        }
        if (!bound) {
            for (String k : List.of("where", "within", "frames", "modules", "platform")) {
                if (m.get(k) != null) {
                    error(m.get(k), "'" + k + "' belongs to the incident-bound format; a signature with match.scope cannot use it");
                    return null;
                }
            }
        }
        if (!lines && m.get("platform") == null && (m.get("count") != null || m.get("kernel_only") != null)) {
            YamlNode bad = m.get("count") != null ? m.get("count") : m.get("kernel_only");
            error(bad, "count and kernel_only only apply to lines and platform selections");
        }
        Where where = bound ? where(m, name, lines || m.get("incident") != null) : null;
        double within = bound ? within(m, where) : 0;
        if (lines || m.get("platform") != null) {
            if (m.get("platform") != null) {
                where = Where.HOST;
            }
            return linesSelection(name, m, where, within);
        }
        if (m.get("incident") != null) {
            return incidentSelection(name, m.get("incident"), where, within);
        }
        if (m.get("frames") != null) {
            Selection.FrameRule rule = frameRule(m.get("frames"), true);
            return rule == null ? null : new Selection.Frames(name, rule);
        }
        if (m.get("modules") != null) {
            List<String> mods = strings(m.get("modules"), "modules");
            if (mods.isEmpty()) {
                error(m.get("modules"), "modules is empty: name at least one module");
            }
            return new Selection.Modules(name, List.copyOf(mods));
        }
        return versionSelection(name, m.get("version"));
    }

    /**
     * Where an incident-bound selection looks. Lines and incident selections default to the explained
     * incident itself; frames are always its own stack; platform, version and modules are host facts.
     * Host-wide lines are refused: evidence about a crash belongs to the crash, not to the whole log.
     */
    private Where where(YamlNode.Mapping m, String name, boolean relative) {
        YamlNode w = m.get("where");
        if (w == null) {
            return relative ? Where.INCIDENT : Where.HOST;
        }
        String text = string(w, "where");
        Where where = text == null ? null : Where.fromId(text);
        if (text != null && where == null) {
            error(w, "where must be incident, before, after, around, boot or previous_boot, not '" + text + "'");
            return Where.INCIDENT;
        }
        if (where == null) {
            return Where.INCIDENT;
        }
        if (!relative) {
            error(w, "where only applies to lines and incident selections (frames are the incident's own stack;"
                    + " platform, version and modules describe the host)");
        } else if (where == Where.HOST) {
            error(w, "selection '" + name + "': lines and incidents are matched relative to the explained incident"
                    + " (incident, before, after, around, boot), never host-wide; for hardware or hypervisor lines use"
                    + " `platform:`, for versions `version:`, for loaded modules `modules:`");
        }
        return where;
    }

    private double within(YamlNode.Mapping m, Where where) {
        YamlNode w = m.get("within");
        if (w == null) {
            return 0;
        }
        if (where == null || !where.windowed()) {
            error(w, "within only applies with where: before, after or around");
            return 0;
        }
        return duration(w);
    }

    /** A duration such as 30s, 5m or 1h, in seconds; 0 after reporting a bad one. */
    private double duration(YamlNode w) {
        String text = w instanceof YamlNode.Scalar sc ? sc.text() : null;
        java.util.regex.Matcher dm = text == null ? null : DURATION.matcher(text.trim());
        if (dm == null || !dm.matches()) {
            error(w, "within must be a duration such as 30s, 5m or 1h");
            return 0;
        }
        double v = Double.parseDouble(dm.group(1));
        String unit = dm.group(2);
        double seconds = unit.equals("h") ? v * 3600 : unit.equals("m") ? v * 60 : v;
        if (seconds <= 0) {
            error(w, "within must be longer than zero");
        }
        return seconds;
    }

    private Signature.Precedent precedent(YamlNode item) {
        if (!(mapping(item, "a preceded_by entry") instanceof YamlNode.Mapping p)) {
            return null;
        }
        unknownKeys(p, PRECEDENT_KEYS, "preceded_by entry");
        Set<IncidentKind> kinds = kinds(required(p, "kinds"));
        if (kinds.isEmpty() && p.get("kinds") != null) {
            error(p.get("kinds"), "kinds is empty: name the earlier incidents that can cause this one");
        }
        YamlNode w = required(p, "within");
        double within = w == null ? 0 : duration(w);
        List<String> same = p.get("same") == null ? List.of() : strings(p.get("same"), "same");
        List<FactCondition> facts = factConditions(p.get("facts"));
        if (p.get("facts") != null) {
            factUses.add(new FactUse(p.get("facts"), facts, kinds, false));
        }
        return new Signature.Precedent(java.util.Collections.unmodifiableSet(kinds), within, List.copyOf(same),
                List.copyOf(facts));
    }

    /**
     * Every fact a condition names must be in the vocabulary for the kinds it applies to, with the type the
     * condition uses: a typo would otherwise make the condition silently false forever.
     */
    private void checkFacts(List<String> explains) {
        for (FactUse u : factUses) {
            Set<IncidentKind> kinds = EnumSet.noneOf(IncidentKind.class);
            kinds.addAll(u.kinds());
            if (kinds.isEmpty() && u.explained()) {
                for (String e : explains) {
                    kinds.add(IncidentKind.fromId(e));
                }
            }
            for (FactCondition c : u.facts()) {
                Map<String, Boolean> used = new LinkedHashMap<>();
                usedFacts(c.left(), c.right() instanceof FactCondition.Text, used);
                usedFacts(c.right(), c.left() instanceof FactCondition.Text, used);
                for (Map.Entry<String, Boolean> f : used.entrySet()) {
                    checkFact(u.at(), c.text(), f.getKey(), f.getValue(), kinds);
                }
            }
        }
    }

    /** The fact names an expression reads; the value says whether it is compared with a quoted text. */
    private static void usedFacts(FactCondition.Expr e, boolean againstText, Map<String, Boolean> into) {
        if (e instanceof FactCondition.Fact f) {
            into.merge(f.name(), againstText, Boolean::logicalOr);
        } else if (e instanceof FactCondition.Binary b) {
            usedFacts(b.left(), false, into);
            usedFacts(b.right(), false, into);
        }
    }

    private void checkFact(YamlNode at, String condition, String name, boolean asText, Set<IncidentKind> kinds) {
        dev.crashtriage.kernel.Fact<?> fact = null;
        List<String> lacking = new ArrayList<>();
        if (kinds.isEmpty()) {
            fact = dev.crashtriage.kernel.Facts.lookup(name).orElse(null);
        } else {
            for (IncidentKind k : kinds) {
                var f = dev.crashtriage.kernel.Facts.lookup(k, name);
                if (f.isPresent()) {
                    fact = f.get();
                } else {
                    lacking.add(k.id());
                }
            }
        }
        if (fact == null) {
            error(at, "facts condition '" + condition + "' names '" + name + "', which is no fact of "
                    + (kinds.isEmpty() ? "any incident kind" : "incident kind(s) " + String.join(", ", lacking))
                    + " (docs/kernel-events.md lists the facts per kind)");
        } else if (fact.type().numeric() == asText) {
            error(at, "facts condition '" + condition + "' compares '" + name + "' (" + fact.type().id() + ") with "
                    + (asText ? "a quoted text" : "a number"));
        }
    }

    private Set<IncidentKind> kinds(YamlNode node) {
        Set<IncidentKind> kinds = EnumSet.noneOf(IncidentKind.class);
        if (node == null) {
            return kinds;
        }
        for (YamlNode k : list(node, "kinds")) {
            String id = string(k, "an incident kind");
            if (id != null && !isKind(id)) {
                error(k, "unknown incident kind '" + id + "'");
            } else if (id != null) {
                kinds.add(IncidentKind.fromId(id));
            }
        }
        return kinds;
    }

    private List<FactCondition> factConditions(YamlNode node) {
        List<FactCondition> facts = new ArrayList<>();
        if (node == null) {
            return facts;
        }
        for (YamlNode fn : list(node, "facts")) {
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
        return facts;
    }

    /**
     * A frames rule. Legacy rules (inside a legacy incident selection) take function-name patterns only;
     * incident-bound ones also take {function, module, reliable} mappings, sections and guilty.
     */
    private Selection.FrameRule frameRule(YamlNode node, boolean bound) {
        if (!(mapping(node, "frames") instanceof YamlNode.Mapping f)) {
            return null;
        }
        unknownKeys(f, FRAME_KEYS, "frames");
        for (String k : List.of("sections", "guilty", "at_least")) {
            if (!bound && f.get(k) != null) {
                error(f.get(k), k + " belongs to the incident-bound format");
            }
        }
        int atLeast = 1;
        if (f.get("at_least") != null) {
            Double v = number(f.get("at_least"), "at_least");
            if (v != null && (v != Math.rint(v) || v < 1 || v > MAX_COUNT)) {
                error(f.get("at_least"), "at_least must be a whole number from 1 to " + MAX_COUNT);
            } else if (v != null) {
                atLeast = v.intValue();
                if (f.get("any") == null) {
                    error(f.get("at_least"), "at_least counts the frames matching any: give any");
                }
            }
        }
        Set<String> sections = null;
        if (f.get("sections") != null) {
            sections = new LinkedHashSet<>();
            for (YamlNode sn : list(f.get("sections"), "sections")) {
                String sec = string(sn, "a stack section");
                if (sec != null && !SECTIONS.contains(sec)) {
                    error(sn, "unknown stack section '" + sec + "' (known: " + String.join(", ", new java.util.TreeSet<>(SECTIONS)) + ")");
                } else if (sec != null) {
                    sections.add(sec);
                }
            }
            sections = java.util.Collections.unmodifiableSet(sections);
        }
        Selection.FrameRule rule = new Selection.FrameRule(framePatterns(f.get("any"), "any", bound),
                framePatterns(f.get("all"), "all", bound), framePatterns(f.get("sequence"), "sequence", bound),
                optionalBoolean(f, "reliable_only", false), sections, optionalBoolean(f, "guilty", false), atLeast);
        if (rule.any().isEmpty() && rule.all().isEmpty() && rule.sequence().isEmpty()) {
            error(f, "frames needs any, all or sequence");
        }
        return rule;
    }

    private List<Selection.FramePattern> framePatterns(YamlNode node, String what, boolean bound) {
        if (node == null) {
            return List.of();
        }
        List<Selection.FramePattern> out = new ArrayList<>();
        for (YamlNode p : list(node, what)) {
            if (p instanceof YamlNode.Mapping pm && bound) {
                unknownKeys(pm, FRAME_PATTERN_KEYS, "frame pattern");
                Pattern fn = null;
                if (pm.get("function") != null) {
                    String t = string(pm.get("function"), "function");
                    fn = t == null ? null : compile(pm.get("function"), t);
                }
                Pattern mod = null;
                boolean core = false;
                if (pm.get("module") != null) {
                    String t = string(pm.get("module"), "module");
                    if ("kernel".equals(t)) {
                        core = true;
                    } else if (t != null) {
                        mod = compile(pm.get("module"), t);
                    }
                }
                Boolean reliable = null;
                if (pm.get("reliable") != null) {
                    reliable = optionalBoolean(pm, "reliable", true);
                }
                if (fn == null && mod == null && !core) {
                    error(pm, "a frame pattern needs function or module");
                    continue;
                }
                out.add(new Selection.FramePattern(fn, mod, core, reliable));
            } else {
                String t = string(p, bound ? "a frame pattern (a function regex or {function, module, reliable})" : "a pattern");
                Pattern c = t == null ? null : compile(p, t);
                if (c != null) {
                    out.add(new Selection.FramePattern(c, null, false, null));
                }
            }
        }
        return List.copyOf(out);
    }

    private Selection linesSelection(String name, YamlNode.Mapping m, Where where, double withinBound) {
        List<LinePattern> patterns = new ArrayList<>();
        String key = m.get("platform") != null ? "platform" : "lines";
        if (m.get(key) != null) {
            for (YamlNode p : list(m.get(key), key)) {
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
            if (w != null && where != null) {
                error(w, "in the incident-bound format the window is the selection's own `within` (with where: before,"
                        + " after or around), not count.within");
            } else if (w != null) {
                within = duration(w);
            }
        }
        if (where != null) {
            within = withinBound;
        }
        boolean kernelOnly = optionalBoolean(m, "kernel_only", where != Where.HOST);
        return new Selection.Lines(name, List.copyOf(patterns), atLeast, within, kernelOnly, where);
    }

    private LinePattern pattern(YamlNode node) {
        String p = string(node, "a pattern");
        if (p == null) {
            return null;
        }
        if (validatedAtBuild != null && !p.isEmpty() && p.length() <= MAX_PATTERN_LENGTH) {
            return LinePattern.compiledOnFirstUse(p, validatedAtBuild);
        }
        Pattern compiled = compile(node, p);
        return compiled == null ? null : compiledPatterns.linePattern(p, compiled);
    }

    private Pattern compile(YamlNode node, String p) {
        return compiledPatterns.regex(p, source -> compileNew(node, source));
    }

    private Pattern compileNew(YamlNode node, String p) {
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

    private Selection incidentSelection(String name, YamlNode node, Where where, double within) {
        if (!(mapping(node, "incident") instanceof YamlNode.Mapping m)) {
            return null;
        }
        unknownKeys(m, INCIDENT_KEYS, "incident");
        if (m.entries().isEmpty()) {
            error(m, "incident selection '" + name + "' is empty: give kinds, title, frames, modules or facts");
        }
        Set<IncidentKind> kinds = kinds(m.get("kinds"));
        Pattern title = null;
        if (m.get("title") != null) {
            String t = string(m.get("title"), "title");
            title = t == null ? null : compile(m.get("title"), t);
        }
        Selection.FrameRule frames = m.get("frames") == null ? null : frameRule(m.get("frames"), where != null);
        List<String> modules = m.get("modules") == null ? List.of() : strings(m.get("modules"), "modules");
        List<FactCondition> facts = factConditions(m.get("facts"));
        if (m.get("facts") != null) {
            factUses.add(new FactUse(m.get("facts"), facts, kinds, where == Where.INCIDENT));
        }
        return new Selection.IncidentMatch(name, kinds, title, frames, List.copyOf(modules), List.copyOf(facts), where, within);
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
        boolean changed = optionalBoolean(m, "changed_from_previous_boot", false);
        if (changed) {
            if (!kernel) {
                error(m.get("changed_from_previous_boot"), "changed_from_previous_boot compares the kernel releases of two boots: it needs kernel: true");
            }
            for (String op : VersionBound.OPS) {
                if (m.get(op) != null) {
                    error(m.get(op), "changed_from_previous_boot compares two boots, not a bound: drop " + op);
                }
            }
            return new Selection.Version(name, null, true, null, true);
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
            error(m, "version selection '" + name + "' needs one of below, at_most, at_least, above, equals"
                    + " (or kernel: true with changed_from_previous_boot: true)");
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
