package dev.crashtriage.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/writing-a-signature.md walks through src/test/resources/writing-a-signature: the page and the files agree, and they pass. */
class WritingASignatureDocTest {
    private static final Path DIR = Path.of("src/test/resources/writing-a-signature");

    @Test
    void thePageShowsTheSignatureFileAsItIs() throws Exception {
        String page = Files.readString(Path.of("docs/writing-a-signature.md"));
        String yml = Files.readString(DIR.resolve("net/mtk-soc-eth-tx-timeout.yml"));
        assertTrue(page.contains("```yaml\n" + yml + "```"), "docs/writing-a-signature.md embeds the signature verbatim");
        String positive2 = Files.readString(DIR.resolve("net/mtk-soc-eth-tx-timeout/positive-2.log"));
        assertTrue(page.contains(positive2), "and the second positive sample");
    }

    @Test
    void lintAndTestPassAsThePageSays() {
        CliRun lint = CliRun.run("signatures", "lint", DIR.toString());
        assertEquals(ExitCodes.OK, lint.code(), lint::toString);
        assertTrue(lint.out().contains("1 signature(s) loaded, 0 error(s)"), lint::toString);
        CliRun test = CliRun.run("signatures", "test", DIR.toString());
        assertEquals(ExitCodes.OK, test.code(), test::toString);
        assertTrue(test.out().contains("4 passed, 0 failed, 0 signature error(s)"), test::toString);
    }

    @Test
    void withTheSignatureLoadedTheSpecificCauseRanksFirst() {
        CliRun r = CliRun.run("analyze", "--format", "json", "--signatures", DIR.toString(),
                DIR.resolve("net/mtk-soc-eth-tx-timeout/positive-2.log").toString());
        assertTrue(r.out().contains("\"signature\" : \"mtk-soc-eth-tx-timeout\"") || r.out().contains("\"signature\":\"mtk-soc-eth-tx-timeout\""),
                r::toString);
    }
}
