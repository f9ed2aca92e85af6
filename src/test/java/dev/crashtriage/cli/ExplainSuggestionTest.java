package dev.crashtriage.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `explain` with a mistyped id names the nearest ids instead of only saying "no signature". */
class ExplainSuggestionTest {

    @Test
    void aTypoInAnIdSuggestsTheIntendedOne() {
        CliRun r = CliRun.run("explain", "tg3-napi-pol-crash");
        assertEquals(ExitCodes.USAGE, r.code(), r::toString);
        assertTrue(r.err().contains("no signature 'tg3-napi-pol-crash'; did you mean tg3-napi-poll-crash?"), r::toString);
    }

    @Test
    void aSwappedPairAndAPartOfAnIdAreFound() {
        assertEquals(List.of("hung-task"), IdSuggestion.nearest("hugn-task", List.of("hung-task", "rcu-stall")));
        assertEquals(List.of("oom-despite-page-cache", "oom-kill"),
                IdSuggestion.nearest("oom", List.of("oom-kill", "oom-despite-page-cache", "soft-lockup")));
    }

    @Test
    void somethingUnrelatedSuggestsNothing() {
        CliRun r = CliRun.run("signatures", "show", "printer-on-fire");
        assertEquals(ExitCodes.USAGE, r.code(), r::toString);
        assertTrue(r.err().contains("no signature 'printer-on-fire' (see `crashtriage signatures list`)"), r::toString);
    }
}
