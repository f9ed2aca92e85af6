package dev.crashtriage.triage;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The compiled fallback causes the build ships are the ones the YAML binds to, in file order. */
class CompiledFallbackCausesTest {
    @Test
    void theShippedCompiledFormEqualsTheYamlBinding() throws IOException {
        Map<String, FallbackCauses.Text> shipped = CompiledFallbackCauses.read();
        assertNotNull(shipped, "the build writes " + CompiledFallbackCauses.RESOURCE + " (pom.xml)");
        Map<String, FallbackCauses.Text> yaml = FallbackCauses.fromYaml();
        assertFalse(yaml.isEmpty());
        assertEquals(yaml, shipped);
        assertEquals(List.copyOf(yaml.keySet()), List.copyOf(shipped.keySet()));
        assertEquals(yaml, FallbackCauses.catalogue());
    }

    @Test
    void aRoundTripKeepsEveryField() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CompiledFallbackCauses.write(FallbackCauses.fromYaml(), bytes);
        assertEquals(FallbackCauses.fromYaml(), CompiledFallbackCauses.read(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
