package dev.crashtriage.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ColorModeTest {

    @Test
    void autoColoursOnlyATerminalWithoutNoColorOrDumbTerm() {
        assertTrue(ColorMode.AUTO.useColor(true, true, Map.of("TERM", "xterm-256color")));
        assertFalse(ColorMode.AUTO.useColor(true, false, Map.of()));
        assertFalse(ColorMode.AUTO.useColor(true, true, Map.of("NO_COLOR", "1")));
        assertTrue(ColorMode.AUTO.useColor(true, true, Map.of("NO_COLOR", "")), "no-color.org: empty means unset");
        assertFalse(ColorMode.AUTO.useColor(true, true, Map.of("TERM", "dumb")));
    }

    @Test
    void alwaysAndNeverWinButJsonIsNeverColoured() {
        assertTrue(ColorMode.ALWAYS.useColor(true, false, Map.of("NO_COLOR", "1")));
        assertFalse(ColorMode.NEVER.useColor(true, true, Map.of()));
        assertFalse(ColorMode.ALWAYS.useColor(false, true, Map.of()));
    }

    @Test
    void colorAlwaysColoursTextButNotJson() {
        String log = CliRun.resource("logs/G-3.log");
        CliRun text = CliRun.run("analyze", "--color=always", log);
        assertTrue(text.out().contains("\u001b[1m"), text::toString);
        CliRun json = CliRun.run("analyze", "--color=always", "--format", "json", log);
        assertFalse(json.out().contains("\u001b"), json::toString);
        assertEquals(ExitCodes.FINDINGS, json.code());
    }
}
