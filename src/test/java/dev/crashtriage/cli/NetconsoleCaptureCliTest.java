package dev.crashtriage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code analyze} on a raw log that {@code listen --out} wrote (listen/capture/desktop.log, see its README): read as
 * it is, without taking the receive-time column off first.
 */
class NetconsoleCaptureCliTest {
    private static final String CAPTURE = CliRun.resource("listen/capture/desktop.log");

    @Test
    void aCaptureIsAnalysedAsItIs() throws Exception {
        CliRun r = CliRun.run("analyze", "--format", "json", "--fail-on", "never", CAPTURE);
        assertEquals(0, r.code(), r::toString);
        JsonNode result = new ObjectMapper().readTree(r.out()).get("results").get(0);
        assertEquals("netconsole-capture", result.get("format").asText(), r::toString);
        JsonNode first = result.get("incidents").get(0);
        assertTrue(first.get("title").asText().contains("double fault"), first::toString);
        assertEquals("", r.err().lines().filter(l -> l.contains("could not be taken apart")).findFirst().orElse(""));
    }

    @Test
    void theFormatCanBeForcedAndIsListedInTheHelp() {
        CliRun forced = CliRun.run("analyze", "--input-format", "netconsole-capture", "--fail-on", "never", CAPTURE);
        assertEquals(0, forced.code(), forced::toString);
        assertTrue(forced.out().contains("double fault"), forced::toString);
        assertTrue(CliRun.run("analyze", "--help").out().contains("netconsole-capture"));
    }
}
