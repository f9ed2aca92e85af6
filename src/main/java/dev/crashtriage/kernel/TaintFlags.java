package dev.crashtriage.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a printed taint string ("P        W  O") into words, per the table in the kernel's
 * Documentation/admin-guide/tainted-kernels.rst (letters are unique, so position is not needed).
 */
public final class TaintFlags {
    private TaintFlags() {
    }

    public static List<String> decode(String taint) {
        List<String> words = new ArrayList<>();
        if (taint == null) {
            return words;
        }
        for (int i = 0; i < taint.length(); i++) {
            String w = word(taint.charAt(i));
            if (w != null && !words.contains(w)) {
                words.add(w);
            }
        }
        return words;
    }

    static String word(char c) {
        return switch (c) {
            case 'P' -> "proprietary module loaded";
            case 'F' -> "module force loaded";
            case 'S' -> "out-of-spec system";
            case 'R' -> "module force unloaded";
            case 'M' -> "machine check occurred";
            case 'B' -> "bad page referenced";
            case 'U' -> "taint requested by user";
            case 'D' -> "kernel died recently (oops or BUG)";
            case 'A' -> "ACPI table overridden";
            case 'W' -> "warning issued";
            case 'C' -> "staging driver loaded";
            case 'I' -> "working around platform firmware bug";
            case 'O' -> "out-of-tree module loaded";
            case 'E' -> "unsigned module loaded";
            case 'L' -> "soft lockup occurred";
            case 'K' -> "kernel live patched";
            case 'X' -> "auxiliary (distribution) taint";
            case 'T' -> "built with struct randomization";
            case 'N' -> "in-kernel test run";
            case 'J' -> "fwctl debug write used";
            default -> null; // 'G' (only GPL modules) and blanks are not taints
        };
    }
}
