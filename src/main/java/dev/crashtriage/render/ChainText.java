package dev.crashtriage.render;

import dev.crashtriage.kernel.ChainLabel;
import dev.crashtriage.kernel.Incident;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A cause's causal chain in words, the same in every format: each level's incident labels, joined by "->". */
final class ChainText {
    private ChainText() {
    }

    /** "ATA link resets on ata1, downgraded to PIO0 -> kjournald blocked -> 14 tasks hung"; a repeated label once, "(x2)". */
    static String of(List<List<String>> chain, List<Incident> incidents) {
        Map<String, Incident> byId = new HashMap<>();
        for (Incident i : incidents) {
            byId.put(i.id(), i);
        }
        StringBuilder b = new StringBuilder();
        for (List<String> level : chain) {
            Map<String, Integer> labels = new LinkedHashMap<>();
            for (String id : level) {
                Incident i = byId.get(id);
                labels.merge(i == null ? id : ChainLabel.of(i), 1, Integer::sum);
            }
            if (b.length() > 0) {
                b.append(" -> ");
            }
            StringBuilder l = new StringBuilder();
            for (Map.Entry<String, Integer> t : labels.entrySet()) {
                if (l.length() > 0) {
                    l.append(" + ");
                }
                l.append(t.getKey()).append(t.getValue() > 1 ? " (x" + t.getValue() + ")" : "");
            }
            b.append(l);
        }
        return b.toString();
    }

    /** "I1 -> I4 -> I5 I6": the incident ids per level. */
    static String ids(List<List<String>> chain) {
        StringBuilder b = new StringBuilder();
        for (List<String> level : chain) {
            b.append(b.length() > 0 ? " -> " : "").append(String.join(" ", level));
        }
        return b.toString();
    }
}
