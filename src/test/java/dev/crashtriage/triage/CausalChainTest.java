package dev.crashtriage.triage;

import dev.crashtriage.input.InputTarget;
import dev.crashtriage.render.RenderOptions;
import dev.crashtriage.render.RendererRegistry;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Within a boot, a later incident can be the consequence of an earlier episode (a signature's
 * {@code preceded_by}): the cause of the root of the chain ranks first and explains the chain.
 */
class CausalChainTest {

    static HostResult analyze(String resource) {
        return analyze(resource, SignatureCatalog.builtIn());
    }

    static HostResult analyze(String resource, SignatureCatalog catalog) {
        InputTarget t = new InputTarget(resource, () -> CausalChainTest.class.getResourceAsStream("/chains/" + resource));
        AnalysisReport r = new Pipeline(new SignatureEngine(catalog), AnalysisOptions.defaults())
                .analyze(List.of(t), new ArrayList<>());
        return r.results().get(0);
    }

    @Test
    void virtioScsiAbortsThenABlockedJournalThreadOnTheSameDisk() {
        // real: openzfs/zfs#4876, a KVM guest whose virtio-scsi disk stopped answering
        HostResult r = analyze("virtio-scsi-aborts-jbd2-hung.log");
        Cause first = r.causes().get(0);
        assertEquals("scsi-command-timeout", first.signature(), r.causes().toString());
        assertEquals(dev.crashtriage.signature.Severity.HIGH, first.severity());
        assertEquals(2, first.chain().size(), first.chain().toString());
    }

    @Test
    void theRootOfAChainIsAtLeastAsSevereAsTheHangItCaused() {
        // the same log with no signature for the aborts: the root is the fallback, and it led to a hung task (high)
        List<dev.crashtriage.signature.Signature> without = SignatureCatalog.builtIn().signatures().stream()
                .filter(s -> !s.id().equals("scsi-command-timeout")).toList();
        HostResult r = analyze("virtio-scsi-aborts-jbd2-hung.log", SignatureCatalog.of(without));
        Cause first = r.causes().get(0);
        assertEquals(2, first.chain().size(), r.causes().toString());
        assertEquals(dev.crashtriage.signature.Severity.HIGH, first.severity(),
                first.signature() + " leads to the hung-task cause, which is high");
    }

    @Test
    void ataLinkResetsThenHungTasksRankTheLinkFirstAndExplainTheHang() {
        HostResult r = analyze("ata-pio0-hung.log");
        Cause first = r.causes().get(0);
        assertEquals("ata-link-error", first.signature(), r.causes().stream().map(Cause::signature).toList().toString());
        List<String> hung = r.incidents().stream().filter(i -> i.kind().id().equals("hung-task")).map(i -> i.id()).toList();
        assertTrue(!hung.isEmpty() && first.incidents().containsAll(hung), first.incidents().toString());
        for (String h : hung) {
            String root = first.causedBy().get(h);
            assertTrue(root != null && r.incidents().stream().anyMatch(i -> i.id().equals(root) && i.kind().id().equals("ata-error")),
                    h + " caused by " + root);
        }
        List<List<String>> chain = first.chain();
        assertEquals(2, chain.size(), chain.toString());
        assertTrue(chain.get(1).containsAll(hung));
        // the hung-task cause is still there, as the consequence, right after its root
        assertEquals("hung-task", r.causes().get(1).signature());
    }

    @Test
    void theTextReportShowsTheChainAndTheJsonItsLinks() throws Exception {
        HostResult r = analyze("ata-pio0-hung.log");
        java.io.StringWriter text = new java.io.StringWriter();
        var w = RendererRegistry.forName("text").open(new RenderOptions(false, "test", false), text);
        w.result(r);
        w.end(List.of(), false);
        java.io.StringWriter json = new java.io.StringWriter();
        var j = RendererRegistry.forName("json").open(new RenderOptions(false, "test", false), json);
        j.result(r);
        j.end(List.of(), false);
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toString());
        var incidents = tree.get("results").get(0).get("incidents");
        String hung = r.incidents().stream().filter(i -> i.kind().id().equals("hung-task")).findFirst().orElseThrow().id();
        String root = r.causes().get(0).causedBy().get(hung);
        for (var i : incidents) {
            if (i.get("id").asText().equals(hung)) {
                assertEquals(root, i.get("caused_by").asText());
            }
            if (i.get("id").asText().equals(root)) {
                assertTrue(i.get("explains").toString().contains(hung), i.toString());
            }
        }
        var cause = tree.get("results").get(0).get("causes").get(0);
        assertEquals(2, cause.get("chain").size());
        // in the words, from the incidents' facts: the root episode, then the hung tasks it explains
        assertEquals("ATA link resets on ata1, downgraded to PIO0 -> 5 tasks hung", cause.get("chain_text").asText());
        String flat = text.toString().replaceAll("\\s+", " ");
        assertTrue(flat.contains("Chain: ATA link resets on ata1, downgraded to PIO0 -> 5 tasks hung (I1 -> I2)"), text.toString());
    }
}
