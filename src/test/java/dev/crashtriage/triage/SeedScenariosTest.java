package dev.crashtriage.triage;

import dev.crashtriage.input.InputTarget;
import dev.crashtriage.signature.SignatureCatalog;
import dev.crashtriage.signature.SignatureEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The six seed stories (../shared/seeds), each on logs in the shape the seed describes and in every
 * era's frame format its story involves, through the whole pipeline with the built-in catalogue:
 * the seed's cause must rank first.
 */
class SeedScenariosTest {

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource({
        // 000: XFS on LVM exported over NFS exhausts 4K stacks (2.6 i386: a real 2.6.7 oops, a real 2.6.19 netconsole overflow)
        "000, src/test/resources/realworld/A-2.log, xfs-lvm-nfs-stack-overflow",
        "000, signatures/stack/xfs-lvm-nfs-stack-overflow/positive-2.log, xfs-lvm-nfs-stack-overflow",
        // 001: VMware guests crash in mptscsih error handling (CentOS 4 2.6.9 frames, CentOS 5 2.6.18 list_del)
        "001, signatures/virt/vmware-mptscsi-crash/positive-3.log, vmware-mptscsi-crash",
        "001, signatures/virt/vmware-mptscsi-crash/positive-4.log, vmware-mptscsi-crash",
        // 002: tg3 3.119 crashes in NAPI on two promiscuous hosts (x86_64, dmesg and syslog)
        "002, signatures/net/tg3-napi-poll-crash/positive-3.log, tg3-napi-poll-crash",
        "002, signatures/net/tg3-napi-poll-crash/positive-4.log, tg3-napi-poll-crash",
        // 002 (second story): OOM kills with plenty of page cache
        "002b, src/test/resources/seeds/oom-despite-page-cache-mysql.log, oom-despite-page-cache",
        // 003: the machine seized without a word, then ext3 needed recovery and warned about an unchecked fs
        "003, src/test/resources/seeds/silent-hang-ext3-recovery.log, silent-hang-unclean-reboot",
        // 004: ext2 lock contention under lock-file churn (2.4 kallsyms; RHEL3 and 2.6 syntax in one dump)
        "004, signatures/fs/ext2-bitmap-lock-contention/positive-1.log, ext2-bitmap-lock-contention",
        "004, src/test/resources/engine/sysrq-t-ext2-three-eras.log, ext2-bitmap-lock-contention",
    })
    void theSeedsCauseRanksFirst(String seed, String log, String expected) throws Exception {
        String text = SampleRunner.prepare(Files.readString(Path.of(log), StandardCharsets.UTF_8)).text();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        InputTarget t = new InputTarget(Path.of(log).getFileName().toString(), () -> new ByteArrayInputStream(bytes));
        AnalysisReport r = new Pipeline(new SignatureEngine(SignatureCatalog.builtIn()), AnalysisOptions.defaults())
                .analyze(List.of(t), new ArrayList<>());
        List<Cause> causes = r.results().get(0).causes();
        assertEquals(expected, causes.isEmpty() ? null : causes.get(0).signature(),
                () -> "seed " + seed + " ranked: " + causes.stream().map(c -> c.signature() + " " + c.confidence()).toList());
    }
}
