package dev.crashtriage.triage;

import dev.crashtriage.input.InputTarget;
import dev.crashtriage.kernel.BootSession;
import dev.crashtriage.kernel.IncidentKind;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Boot sessions and unclean reboots through the whole pipeline, on the catalogue's real samples. */
class BootSessionsTest {

    private static HostResult analyze(String resource) throws IOException {
        String text;
        try (InputStream in = BootSessionsTest.class.getResourceAsStream(resource)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // drop the sample's "#: source:" metadata, as the signature sample runner does
        byte[] bytes = text.replaceAll("(?m)^#: .*\n", "").getBytes(StandardCharsets.UTF_8);
        InputTarget t = new InputTarget(resource, () -> new ByteArrayInputStream(bytes));
        AnalysisReport r = new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()), AnalysisOptions.defaults())
                .analyze(List.of(t), new ArrayList<>());
        assertEquals(1, r.results().size());
        return r.results().get(0);
    }

    @Test
    void sysvinitShutdownBeforeTheBannerIsAClean() throws IOException {
        // RHEL 4 /var/log/messages: "shutting down for system halt", klogd and syslogd stop, then the next boot
        HostResult r = analyze("/signatures/sched/silent-hang-unclean-reboot/negative-1.log");
        List<BootSession> boots = r.kernel().boots();
        assertEquals(2, boots.size(), boots.toString());
        assertFalse(boots.get(1).unclean(), "a halt announced by shutdown(8) and syslogd exiting is clean");
        assertTrue(r.incidents().stream().noneMatch(i -> i.kind() == IncidentKind.UNCLEAN_REBOOT));
    }

    @Test
    void journalRebootMarkerNearTheStartStillStartsABoot() throws IOException {
        String journal = ""
                + "Mar 02 21:14:03 ubuntu-desktop kernel: usb 1-4: new high-speed USB device number 5 using xhci_hcd\n"
                + "Mar 02 21:14:05 ubuntu-desktop systemd[1]: Started Daily apt download activities.\n"
                + "-- Reboot --\n"
                + "Mar 02 21:31:40 ubuntu-desktop kernel: Linux version 5.4.0-66-generic (buildd@lgw01-amd64-039) (gcc version 9.3.0 (Ubuntu 9.3.0-17ubuntu1~20.04)) #74-Ubuntu SMP Wed Jan 27 22:54:38 UTC 2021 (Ubuntu 5.4.0-66.74-generic 5.4.78)\n"
                + "Mar 02 21:31:40 ubuntu-desktop kernel: Command line: BOOT_IMAGE=/boot/vmlinuz-5.4.0-66-generic root=UUID=0b5e quiet splash\n";
        InputTarget t = new InputTarget("journal.txt", () -> new ByteArrayInputStream(journal.getBytes(StandardCharsets.UTF_8)));
        AnalysisReport rep = new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()), AnalysisOptions.defaults())
                .analyze(List.of(t), new ArrayList<>());
        HostResult r = rep.results().stream().filter(h -> "ubuntu-desktop".equals(h.host())).findFirst().orElseThrow();
        List<BootSession> boots = r.kernel().boots();
        assertEquals(2, boots.size(), boots.toString());
        assertTrue(boots.get(1).unclean(), "no shutdown before the reboot");
        assertEquals("5.4.0-66-generic", boots.get(1).version());
    }
}
