package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** v0 Rust symbol demangling, on symbols of syzkaller file 748's Rust binder panic (Apache-2.0). */
class RustSymbolsTest {

    @Test
    void inherentMethodWithBackReference() {
        assertEquals("<rust_binder::process::Process>::update_ref",
                RustSymbols.demangle("_RNvMs3_NtCshgDM7dBCdno_11rust_binder7processNtB5_7Process10update_ref"));
        assertEquals("<rust_binder::thread::Thread>::write_read",
                RustSymbols.demangle("_RNvMs2_NtCshgDM7dBCdno_11rust_binder6threadNtB5_6Thread10write_read"));
    }

    @Test
    void nestedModulesAndCrateRoot() {
        assertEquals("core::panicking::panic_const::panic_const_sub_overflow",
                RustSymbols.demangle("_RNvNtNtCs9jEwPDbx20M_4core9panicking11panic_const24panic_const_sub_overflow"));
        assertEquals("__rustc::rust_begin_unwind", RustSymbols.demangle("_RNvCscSpY9Juk0HT_7___rustc17rust_begin_unwind"));
    }

    @Test
    void thePanicRuntimeIsInfrastructure() {
        assertEquals(FrameRoles.Group.RUST_PANIC, FrameRoles.groupOf("core::panicking::panic_fmt"));
        assertEquals(FrameRoles.Group.RUST_PANIC, FrameRoles.groupOf("rust_helper_BUG"));
        assertEquals(null, FrameRoles.groupOf("<rust_binder::process::Process>::update_ref"));
    }

    @Test
    void namesThatAreNotV0SymbolsOrDoNotParseAreKept() {
        assertEquals("rb_erase", RustSymbols.demangle("rb_erase"));
        assertEquals("_RNvXbroken", RustSymbols.demangle("_RNvXbroken"));
        assertEquals("_R", RustSymbols.demangle("_R"));
        assertEquals("_RNvB99_3foo", RustSymbols.demangle("_RNvB99_3foo"), "a forward back-reference is malformed");
    }
}
