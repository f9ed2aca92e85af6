package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chain labels say what happened in the words, from each incident's facts. */
class ChainLabelTest {

    @Test
    void everyTemplateReadsOnlyFactsItsKindDeclares() {
        Set<String> fromTheReport = Set.of("comm", "pid", "cpu");
        for (Map.Entry<IncidentKind, List<String>> e : ChainLabel.templates().entrySet()) {
            for (String template : e.getValue()) {
                for (String fact : ChainLabel.factsOf(template)) {
                    assertTrue(fromTheReport.contains(fact) || Facts.lookup(e.getKey(), fact).isPresent(),
                            e.getKey().id() + ": '" + template + "' reads '" + fact + "', which " + e.getKey().id() + " does not declare");
                }
            }
        }
    }

    @Test
    void ataResetsWithADowngradeThenABlockedJournalThreadThenAPassOfHungTasks() {
        Extraction e = EventTestLogs.extractAll("ata-pio0-downgrade-jbd2-sparc64-5.6.log");
        Incident disk = EventTestLogs.ofKind(e, IncidentKind.ATA_ERROR).stream()
                .filter(i -> "ata1.00".equals(i.fact(Facts.ATA_PORT))).findFirst().orElseThrow();
        assertEquals("ATA link resets on ata1, downgraded to PIO0", ChainLabel.of(disk));
        List<Incident> hung = EventTestLogs.ofKind(e, IncidentKind.HUNG_TASK);
        assertEquals("2 tasks hung", ChainLabel.of(hung.get(0)), "one khungtaskd pass of two tasks");
        assertEquals("jbd2/sda2-8 blocked", ChainLabel.of(hung.get(1)), "the next pass, one task");
    }

    @Test
    void aRemovableDiscsTimeoutsAreNotLinkResetsAndWithoutTheirFactsATitleIsTheLabel() {
        Extraction e = EventTestLogs.extractAll("ata-pio0-downgrade-jbd2-sparc64-5.6.log");
        Incident cdrom = EventTestLogs.ofKind(e, IncidentKind.ATA_ERROR).stream()
                .filter(i -> "ata2.00".equals(i.fact(Facts.ATA_PORT))).findFirst().orElseThrow();
        assertTrue(!ChainLabel.of(cdrom).startsWith("ATA link resets on ata1"), ChainLabel.of(cdrom));
        IncidentBuilder b = new IncidentBuilder(IncidentKind.WARNING, EventTestLogs.parse("constructed", 1,
                "[    1.000000] WARNING: CPU: 0 PID: 1 at drivers/foo/bar.c:10 foo_probe+0x10/0x20"));
        b.title = "WARNING in foo_probe";
        assertEquals("WARNING in foo_probe", ChainLabel.of(b.build("I1", "f", 0)), "no template for warnings: the title");
    }
}
