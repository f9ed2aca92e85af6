package dev.crashtriage.triage;

import dev.crashtriage.input.LogRecord;
import dev.crashtriage.kernel.Extraction;
import dev.crashtriage.kernel.Frame;
import dev.crashtriage.kernel.Incident;
import dev.crashtriage.kernel.IncidentBuilder;
import dev.crashtriage.kernel.IncidentKind;
import dev.crashtriage.kernel.KernelFacts;
import dev.crashtriage.signature.Evidence;
import dev.crashtriage.signature.Finding;
import dev.crashtriage.signature.Signature;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureLoader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ranking rules, one test each. */
class CauseRankerTest {

    static Signature sig(String id, boolean generic, String severity) {
        String yaml = "id: " + id + "\ntitle: cause " + id + "\nseverity: " + severity + "\narea: net\ngeneric: " + generic
                + "\ndescription: d\nmatch:\n  scope: host\n  selections:\n    tx: {literal: 'transmit timed out'}\n    stop: {literal: tg3_stop_block}\n"
                + "    ones: {literal: '0xffffffff, 0xffffffff'}\n    old: {version: {kernel: true, below: '2.6.9'}}\n"
                + "  condition: tx\nconfidence:\n  base: 0.5\n  raise:\n    - {when: stop, by: 0.2, hint: \"tg3_stop_block timeouts\"}\n"
                + "    - {when: old, by: 0.1, hint: \"run `uname -r`: a kernel older than 2.6.9\"}\n"
                + "  lower:\n    - {when: ones, by: 0.3, hint: \"registers reading all ones: the NIC itself is dead\"}\n"
                + "confused_with:\n  - {id: nic-hardware-failure, how: dead NICs time out too}\n"
                + "remediation: {steps: ['Upgrade the tg3 driver.'], confirm: ['ethtool -i eth0']}\nreferences: [ref]\n";
        SignatureLoader.Result r = SignatureLoader.load(id + ".yml", null, yaml);
        assertTrue(r.ok(), () -> r.errors().toString());
        return r.signature();
    }

    static final LogRecord TX = LogRecord.plain("B-4", 1, "tg3: eth0: transmit timed out, resetting");
    static final Evidence TX_EV = new Evidence("B-4", 1, TX.text());

    static Extraction none() {
        return new Extraction(KernelFacts.empty(), List.of(), Map.of());
    }

    @Test
    void causeCarriesHintsForMissingRaisesAndPresentAndAbsentLowers() {
        Signature s = sig("tg3-a", false, "high");
        CauseRanker ranker = new CauseRanker(SignatureCatalog.of(List.of(s)));
        Finding f = new Finding("tg3-a", 0.4, List.of(TX_EV), List.of(), 1, List.of("stop"), List.of("old"), List.of("ones"));
        Cause c = ranker.rank(List.of(f), none()).get(0);
        assertEquals(1, c.rank());
        assertEquals(0.4, c.confidence(), 1e-9);
        assertEquals(List.of("run `uname -r`: a kernel older than 2.6.9"), c.wouldRaise());
        assertEquals(List.of("registers reading all ones: the NIC itself is dead"), c.loweredBy());
        assertEquals(List.of(), c.wouldLower());
        assertEquals(List.of("nic-hardware-failure"), c.confusedWith());
        assertEquals(List.of("Upgrade the tg3 driver."), c.remediation().steps());
        assertEquals(List.of("ethtool -i eth0"), c.remediation().confirm());
        assertEquals(List.of(TX_EV), c.evidence());

        Finding clean = new Finding("tg3-a", 0.7, List.of(TX_EV), List.of(), 1, List.of("stop"), List.of("old"), List.of());
        Cause c2 = ranker.rank(List.of(clean), none()).get(0);
        assertEquals(List.of("registers reading all ones: the NIC itself is dead"), c2.wouldLower());
        assertEquals(List.of(), c2.loweredBy());
    }

    @Test
    void higherConfidenceRanksFirst() {
        CauseRanker ranker = new CauseRanker(SignatureCatalog.of(List.of(sig("a", false, "low"), sig("b", false, "low"))));
        List<Cause> causes = ranker.rank(List.of(
                new Finding("a", 0.5, List.of(TX_EV), List.of(), 1, List.of(), List.of()),
                new Finding("b", 0.8, List.of(new Evidence("B-4", 3, "x")), List.of(), 3, List.of(), List.of())), none());
        assertEquals(List.of("b", "a"), causes.stream().map(Cause::signature).toList());
        assertEquals(List.of(1, 2), causes.stream().map(Cause::rank).toList());
    }

    @Test
    void specificOutranksGenericOnTheSameEvidenceEvenWithLowerConfidence() {
        CauseRanker ranker = new CauseRanker(SignatureCatalog.of(List.of(sig("nic-tx-timeout-x", true, "medium"),
                sig("tg3-specific-x", false, "medium"))));
        List<Cause> causes = ranker.rank(List.of(
                new Finding("nic-tx-timeout-x", 0.8, List.of(TX_EV), List.of(), 1, List.of(), List.of()),
                new Finding("tg3-specific-x", 0.6, List.of(TX_EV, new Evidence("B-4", 2, "tg3: tg3_stop_block timed out")),
                        List.of(), 1, List.of(), List.of())), none());
        assertEquals(List.of("tg3-specific-x", "nic-tx-timeout-x"), causes.stream().map(Cause::signature).toList());
    }

    @Test
    void genericIsNotDemotedWhenItExplainsMoreThanTheSpecificOne() {
        CauseRanker ranker = new CauseRanker(SignatureCatalog.of(List.of(sig("generic-x", true, "medium"),
                sig("specific-x", false, "medium"))));
        List<Cause> causes = ranker.rank(List.of(
                new Finding("generic-x", 0.8, List.of(TX_EV), List.of("I1", "I2"), 1, List.of(), List.of()),
                new Finding("specific-x", 0.6, List.of(TX_EV), List.of("I1"), 1, List.of(), List.of())), none());
        assertEquals(List.of("generic-x", "specific-x"), causes.stream().map(Cause::signature).toList());
    }

    @Test
    void onATieTheEarlierCauseRanksFirst() {
        CauseRanker ranker = new CauseRanker(SignatureCatalog.of(List.of(sig("later", false, "critical"), sig("earlier", false, "low"))));
        List<Cause> causes = ranker.rank(List.of(
                new Finding("later", 0.6, List.of(new Evidence("s", 90, "INFO: rcu_sched detected stalls on CPUs/tasks:")), List.of("I2"), 90, List.of(), List.of()),
                new Finding("earlier", 0.6, List.of(TX_EV), List.of("I1"), 1, List.of(), List.of())), none());
        assertEquals(List.of("earlier", "later"), causes.stream().map(Cause::signature).toList());
    }

    @Test
    void findingsOfOneSignatureInSeveralBootsMergeIntoOneCause() {
        CauseRanker ranker = new CauseRanker(SignatureCatalog.of(List.of(sig("m", false, "low"))));
        List<Cause> causes = ranker.rank(List.of(
                new Finding("m", 0.5, List.of(TX_EV), List.of("I1"), 1, List.of(), List.of("stop")),
                new Finding("m", 0.7, List.of(new Evidence("B-4", 40, "tg3: eth0: transmit timed out, resetting")), List.of("I3"), 40,
                        List.of("stop"), List.of())), none());
        assertEquals(1, causes.size());
        assertEquals(0.7, causes.get(0).confidence(), 1e-9);
        assertEquals(List.of("I1", "I3"), causes.get(0).incidents());
        assertEquals(List.of(1L, 40L), causes.get(0).evidence().stream().map(Evidence::line).toList());
    }

    // ---- incidents no signature explains ----

    static Incident crash(String id, String taint, String module, long line) {
        LogRecord head = LogRecord.plain("log", line, "BUG: unable to handle kernel NULL pointer dereference at 0000000000000010");
        IncidentBuilder b = new IncidentBuilder(IncidentKind.OOPS, head);
        b.title = "BUG: unable to handle kernel NULL pointer dereference in tg3_poll_work";
        b.taint = taint;
        b.addFrame(new Frame("tg3_poll_work", "0x1a", "0x9f0", module, true, null, null, null, false));
        b.addFrame(Frame.of("net_rx_action"));
        b.guiltyFrame = "tg3_poll_work";
        return b.build(id, "fp" + id, 0);
    }

    @Test
    void unexplainedIncidentsGetCausesFromTheirFacts() {
        LogRecord mce = LogRecord.plain("H-5", 50, "CPU 0: Machine Check Exception: 0000000000000004");
        Incident hw = new IncidentBuilder(IncidentKind.MACHINE_CHECK, mce).build("I4", "fp4", 0);
        Extraction x = new Extraction(KernelFacts.empty(), List.of(crash("I1", null, "tg3", 10), crash("I2", "P           O", "tg3", 20),
                crash("I3", null, "tg3", 30), hw), Map.of());
        List<Cause> causes = new CauseRanker(SignatureCatalog.of(List.of())).rank(List.of(), x);
        Map<String, Cause> byId = new java.util.HashMap<>();
        causes.forEach(c -> byId.put(c.signature(), c));
        Cause driver = byId.get("unexplained-driver-crash");
        assertEquals(List.of("I1", "I3"), driver.incidents(), "same module, one cause");
        assertTrue(driver.title().contains("tg3"), driver.title());
        assertTrue(driver.remediation().confirm().contains("`modinfo tg3` shows the module's version and file."));
        Cause tainted = byId.get("tainted-kernel-crash");
        assertEquals(List.of("I2"), tainted.incidents());
        assertTrue(tainted.title().contains("proprietary and an out-of-tree module"), tainted.title());
        Cause hardware = byId.get("unexplained-hardware-error");
        assertEquals(List.of("I4"), hardware.incidents());
        assertEquals("CPU 0: Machine Check Exception: 0000000000000004", hardware.evidence().get(0).text());
        for (Cause c : causes) {
            assertTrue(c.confidence() <= 0.3, "fact-built causes are low confidence: " + c);
            assertTrue(!c.references().isEmpty() && !c.remediation().steps().isEmpty());
        }
        assertEquals(List.of(1, 2, 3), causes.stream().map(Cause::rank).toList());
    }

    @Test
    void incidentsASignatureExplainsGetNoFallback() {
        Signature s = sig("tg3-a", false, "high");
        Extraction x = new Extraction(KernelFacts.empty(), List.of(crash("I1", null, "tg3", 10)), Map.of());
        List<Cause> causes = new CauseRanker(SignatureCatalog.of(List.of(s))).rank(List.of(
                new Finding("tg3-a", 0.5, List.of(TX_EV), List.of("I1"), 1, List.of(), List.of())), x);
        assertEquals(List.of("tg3-a"), causes.stream().map(Cause::signature).toList());
    }
}
