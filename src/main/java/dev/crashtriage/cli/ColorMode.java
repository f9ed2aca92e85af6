package dev.crashtriage.cli;

import java.util.Map;

/** {@code --color}: when text output uses ANSI colour. */
enum ColorMode {
    AUTO, ALWAYS, NEVER;

    /** Colour for a text report; never for machine-readable formats, whatever was asked. */
    boolean useColor(boolean textFormat, boolean toTerminal, Map<String, String> env) {
        if (!textFormat) {
            return false;
        }
        switch (this) {
            case ALWAYS:
                return true;
            case NEVER:
                return false;
            default:
                // https://no-color.org: set and not empty means no colour
                String noColor = env.get("NO_COLOR");
                return toTerminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
        }
    }
}
