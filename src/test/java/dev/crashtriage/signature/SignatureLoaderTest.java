package dev.crashtriage.signature;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of broken signature is reported as file:line:column: message, pointing at the culprit. */
class SignatureLoaderTest {
    static final String VALID = String.join("\n",
            "id: tg3-tx-timeout-test",                                       // 1
            "title: tg3 stopped transmitting",                               // 2
            "severity: medium",                                              // 3
            "area: net",                                                     // 4
            "description: The tg3 driver found its transmit queue stuck.",   // 5
            "match:",                                                        // 6
            "  # each selection looks where its where says, around the incident it explains", // 7
            "  selections:",                                                 // 8
            "    tx_timeout:",                                               // 9
            "      lines: ['tg3: \\S+: transmit timed out']",                // 10
            "    old_driver:",                                               // 11
            "      version: {pattern: 'tg3\\.c:v(\\d+(?:\\.\\d+)+)', below: '3.122'}", // 12
            "  condition: tx_timeout and not old_driver",                    // 13
            "confidence:",                                                   // 14
            "  base: 0.5",                                                   // 15
            "  raise:",                                                      // 16
            "    - {when: old_driver, by: 0.1, hint: run ethtool -i eth0}",  // 17
            "remediation:",                                                  // 18
            "  steps: ['Upgrade the tg3 driver.']",                          // 19
            "references: ['https://lore.kernel.org/lkml/20040309170945.GA2039@codeblau.de/']", // 20
            "explains: [nic-tx-timeout]",                                    // 21
            "");

    static SignatureLoader.Result load(String yaml) {
        return SignatureLoader.load("sigs/net/tg3-tx-timeout-test.yml", Path.of("sigs/net/tg3-tx-timeout-test.yml"), yaml);
    }

    static List<String> errors(String yaml) {
        return load(yaml).errors().stream().map(SignatureException::getMessage).toList();
    }

    static String only(String yaml) {
        List<String> e = errors(yaml);
        assertEquals(1, e.size(), () -> "expected one error, got " + e);
        return e.get(0);
    }

    @Test
    void validSignatureLoadsWithEveryPart() {
        SignatureLoader.Result r = load(VALID);
        assertTrue(r.ok(), () -> r.errors().toString());
        Signature s = r.signature();
        assertEquals("tg3-tx-timeout-test", s.id());
        assertEquals(Scope.EXPLAINED, s.scope());
        assertEquals(List.of("tx_timeout", "old_driver"), List.copyOf(s.selections().keySet()));
        assertEquals(0.5, s.base());
        assertEquals("run ethtool -i eth0", s.raise().get(0).hint());
        Selection.Version v = (Selection.Version) s.selections().get("old_driver");
        assertEquals(new VersionBound("below", "3.122"), v.bound());
    }

    @Test
    void malformedYamlNamesItsPosition() {
        String e = only("id: x\ntitle: [unclosed\nseverity: low\n");
        assertTrue(e.startsWith("sigs/net/tg3-tx-timeout-test.yml:"), e);
        assertTrue(e.contains("malformed YAML"), e);
        assertTrue(e.matches("[^:]+:\\d+:\\d+: .*"), e);
    }

    @Test
    void unknownKeyPointsAtTheKey() {
        String e = only(VALID.replace("around the incident it explains\n", "around the incident it explains\n  scopes: boot\n"));
        assertEquals("sigs/net/tg3-tx-timeout-test.yml:8:3: unknown key 'scopes' in match (allowed: condition, scope, selections)", e);
    }

    @Test
    void wrongTypePointsAtTheValue() {
        String e = only(VALID.replace("  base: 0.5", "  base: high"));
        assertEquals("sigs/net/tg3-tx-timeout-test.yml:15:9: base must be a number, found a string", e);
    }

    @Test
    void missingRemediationIsAnError() {
        String yaml = VALID.replace("remediation:\n  steps: ['Upgrade the tg3 driver.']\n", "");
        String e = only(yaml);
        assertEquals("sigs/net/tg3-tx-timeout-test.yml:1:1: missing required key 'remediation'", e);
    }

    @Test
    void emptyRemediationStepsIsAnError() {
        String e = only(VALID.replace("steps: ['Upgrade the tg3 driver.']", "steps: []"));
        assertTrue(e.startsWith("sigs/net/tg3-tx-timeout-test.yml:19:10: remediation steps is empty"), e);
    }

    @Test
    void badRegexPointsAtThePattern() {
        String e = only(VALID.replace("'tg3: \\S+: transmit timed out'", "'tg3: (\\S+: transmit timed out'"));
        assertTrue(e.startsWith("sigs/net/tg3-tx-timeout-test.yml:10:15: bad pattern"), e);
    }

    @Test
    void backreferencesAreRejectedBecauseRe2jIsLinearTime() {
        String e = only(VALID.replace("'tg3: \\S+: transmit timed out'", "'(a)\\1'"));
        assertTrue(e.contains("bad pattern") && e.contains("re2j"), e);
    }

    @Test
    void conditionNamingAnUndefinedSelectionPointsIntoTheCondition() {
        String e = only(VALID.replace("condition: tx_timeout and not old_driver", "condition: tx_timeout and not old_drvier"));
        assertTrue(e.startsWith("sigs/net/tg3-tx-timeout-test.yml:13:33: condition names 'old_drvier', which is not a selection"), e);
    }

    @Test
    void undefinedNameIsFoundAsAWholeWordNotInsideAnother() {
        // 'old' is undefined; the first 'old' in the text is inside 'old_driver'
        String e = only(VALID.replace("condition: tx_timeout and not old_driver", "condition: old_driver or tx_timeout and old"));
        assertTrue(e.startsWith("sigs/net/tg3-tx-timeout-test.yml:13:43: condition names 'old'"), e);
    }

    @Test
    void malformedConditionIsAnError() {
        String e = only(VALID.replace("condition: tx_timeout and not old_driver", "condition: tx_timeout and (old_driver"));
        assertTrue(e.startsWith("sigs/net/tg3-tx-timeout-test.yml:13:") && e.contains("missing ')'"), e);
    }

    @Test
    void raiseNamingAnUndefinedSelectionIsAnError() {
        String e = only(VALID.replace("{when: old_driver,", "{when: new_driver,"));
        assertTrue(e.startsWith("sigs/net/tg3-tx-timeout-test.yml:17:") && e.contains("'new_driver'"), e);
    }

    @Test
    void badFactsExpressionPointsAtTheCharacter() {
        String yaml = VALID.replace("      version: {pattern: 'tg3\\.c:v(\\d+(?:\\.\\d+)+)', below: '3.122'}",
                "      incident: {kinds: [oom-kill], facts: ['inactive_file_kb >= 0.25 * * total_ram_kb']}");
        String e = only(yaml);
        assertTrue(e.startsWith("sigs/net/tg3-tx-timeout-test.yml:12:") && e.contains("bad facts condition"), e);
    }

    @Test
    void badVersionIsAnError() {
        String e = only(VALID.replace("below: '3.122'", "below: 'latest'"));
        assertTrue(e.startsWith("sigs/net/tg3-tx-timeout-test.yml:12:") && e.contains("bad version 'latest'"), e);
    }

    @Test
    void aChangeOfReleaseBetweenBootsIsTheKernelsAndTakesNoBound() {
        String v = "      version: {pattern: 'tg3\\.c:v(\\d+(?:\\.\\d+)+)', below: '3.122'}";
        assertTrue(load(VALID.replace(v, "      version: {kernel: true, changed_from_previous_boot: true}")).ok());
        String e = only(VALID.replace(v, "      version: {pattern: 'tg3\\.c:v(\\d+)', changed_from_previous_boot: true}"));
        assertTrue(e.contains("needs kernel: true"), e);
        e = only(VALID.replace(v, "      version: {kernel: true, changed_from_previous_boot: true, below: '5.16'}"));
        assertTrue(e.contains("not a bound: drop below"), e);
    }

    @Test
    void versionPatternWithoutGroupIsAnError() {
        String e = only(VALID.replace("'tg3\\.c:v(\\d+(?:\\.\\d+)+)'", "'tg3\\.c:v\\d+'"));
        assertTrue(e.contains("needs a group"), e);
    }

    @Test
    void unknownIncidentKindIsAnError() {
        String yaml = VALID.replace("      version: {pattern: 'tg3\\.c:v(\\d+(?:\\.\\d+)+)', below: '3.122'}",
                "      incident: {kinds: [oops, kernel-oops]}");
        String e = only(yaml);
        assertTrue(e.startsWith("sigs/net/tg3-tx-timeout-test.yml:12:") && e.contains("unknown incident kind 'kernel-oops'"), e);
    }

    @Test
    void duplicateKeyIsAnError() {
        String e = only(VALID.replace("area: net\n", "area: net\narea: block\n"));
        assertTrue(e.startsWith("sigs/net/tg3-tx-timeout-test.yml:5:1: duplicate key 'area'"), e);
    }

    @Test
    void idMustMatchTheFileName() {
        String e = only(VALID.replace("id: tg3-tx-timeout-test", "id: tg3-other"));
        assertEquals("sigs/net/tg3-tx-timeout-test.yml:1:5: id 'tg3-other' does not match the file name 'tg3-tx-timeout-test.yml'", e);
    }

    @Test
    void badSeverityAndBadWindowAreBothReported() {
        String yaml = VALID.replace("severity: medium", "severity: urgent")
                .replace("      lines: ['tg3: \\S+: transmit timed out']",
                        "      where: around\n      within: soon\n      lines: ['tg3: \\S+: transmit timed out']");
        List<String> e = errors(yaml);
        assertEquals(2, e.size(), e::toString);
        assertTrue(e.get(0).startsWith("sigs/net/tg3-tx-timeout-test.yml:3:11: severity must be one of"), e::toString);
        assertTrue(e.get(1).startsWith("sigs/net/tg3-tx-timeout-test.yml:11:15: within must be a duration"), e::toString);
    }

    @Test
    void theLegacyScopeFormatIsRefusedWithTheWayToTheIncidentBoundForm() {
        String e = only(VALID.replace("around the incident it explains\n", "around the incident it explains\n  scope: host\n"));
        assertTrue(e.startsWith("sigs/net/tg3-tx-timeout-test.yml:8:10: match.scope is no longer supported"), e);
        assertTrue(e.contains("'explains:'") && e.contains("'where:'"), e);
    }

    @Test
    void selectionWithTwoFormsIsAnError() {
        String e = only(VALID.replace("      lines: ['tg3: \\S+: transmit timed out']",
                "      lines: ['tg3: \\S+: transmit timed out']\n      incident: {kinds: [oops]}"));
        assertTrue(e.contains("exactly one of lines/literal(s), frames, incident, platform, version, modules"), e);
    }

    @Test
    void aListWhereAMappingBelongsIsAnError() {
        String e = only("- id: x\n");
        assertEquals("sigs/net/tg3-tx-timeout-test.yml:1:1: a signature must be a YAML mapping, found a list", e);
    }

    @Test
    void windowAndCountAreRead() {
        SignatureLoader.Result r = load(VALID.replace("      lines: ['tg3: \\S+: transmit timed out']",
                "      where: around\n      within: 5m\n      lines: ['tg3: \\S+: transmit timed out']\n      count: {at_least: 20}\n"
                        + "      kernel_only: false"));
        assertTrue(r.ok(), () -> r.errors().toString());
        Selection.Lines l = (Selection.Lines) r.signature().selections().get("tx_timeout");
        assertEquals(20, l.atLeast());
        assertEquals(300.0, l.withinSeconds());
        assertFalse(l.kernelOnly());
        assertNotNull(l.patterns().get(0).required());
    }
}
