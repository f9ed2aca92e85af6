package dev.crashtriage.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One "Modules linked in:" line read the way kernel/module print_modules() writes it: {@code " %s%s"} per module
 * (name, then module_flags(): taint letters and '+' loading / '-' unloading in parentheses, e.g. {@code foo(OE)},
 * {@code bar(-)}), then {@code " [last unloaded: %s%s]"} (name and, on newer kernels, its taints).
 *
 * @param names        module names in printed order, without flags
 * @param flags        module name to the flags printed after it ("OE", "P", "-"), only for modules that had some
 * @param lastUnloaded the last unloaded module's name, or null
 */
public record ModuleList(List<String> names, Map<String, String> flags, String lastUnloaded) {

    static final String PREFIX = "Modules linked in:";

    /** Parses the text after the prefix (the line may carry anything before "Modules linked in:"). */
    public static ModuleList parse(String line) {
        int p = line.indexOf(PREFIX);
        String list = p < 0 ? line : line.substring(p + PREFIX.length());
        String last = null;
        int u = list.indexOf("[last unloaded:");
        if (u >= 0) {
            int end = list.indexOf(']', u);
            String name = (end < 0 ? list.substring(u + 15) : list.substring(u + 15, end)).strip();
            int paren = name.indexOf('(');
            last = paren > 0 ? name.substring(0, paren) : name;
            if (last.isEmpty()) {
                last = null;
            }
            list = list.substring(0, u);
        }
        List<String> names = new ArrayList<>();
        Map<String, String> flags = new LinkedHashMap<>();
        for (String tok : list.strip().split("\\s+")) {
            if (tok.isEmpty()) {
                continue;
            }
            // 2.4/2.6-era dumps bracket the whole list ("[eepro100]"): the brackets are not part of the name
            if (tok.startsWith("[") && tok.endsWith("]") && tok.length() > 2) {
                tok = tok.substring(1, tok.length() - 1);
            }
            String name = tok;
            int open = tok.indexOf('(');
            if (open > 0 && tok.endsWith(")")) {
                name = tok.substring(0, open);
                String f = tok.substring(open + 1, tok.length() - 1);
                if (!f.isEmpty()) {
                    flags.put(name, f);
                }
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return new ModuleList(List.copyOf(names), Collections.unmodifiableMap(flags), last);
    }
}
