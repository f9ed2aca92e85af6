package dev.crashtriage.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Itanium C++ ABI names (and Rust's legacy mangling, which uses the same scheme) as titles use them. */
class CppSymbolsTest {

    @Test
    void nestedNamesConstructorsAndDestructors() {
        // Constructed by the Itanium C++ ABI's <nested-name> rules (itanium-cxx-abi.github.io/cxx-abi/abi.html#mangling).
        assertEquals("android::binder::IBinder::~IBinder", CppSymbols.demangle("_ZN7android6binder7IBinderD2Ev"));
        assertEquals("Foo::Foo", CppSymbols.demangle("_ZN3FooC1Ev"));
        assertEquals("Foo::bar", CppSymbols.demangle("_ZNK3Foo3barEv"));
        assertEquals("foo", CppSymbols.demangle("_Z3fooi"));
        assertEquals("std::terminate", CppSymbols.demangle("_ZSt9terminatev"));
    }

    @Test
    void templateArgumentsAndSubstitutionsAsCxxFiltWritesThem() {
        // Expected names are GNU c++filt's output for the same symbols, without the parameter list.
        assertEquals("std::vector<int, std::allocator<int> >::push_back", CppSymbols.demangle("_ZNSt6vectorIiSaIiEE9push_backERKi"));
        assertEquals("Foo<int>::bar", CppSymbols.demangle("_ZN3FooIiE3barEv"));
        assertEquals("max<int>", CppSymbols.demangle("_Z3maxIiET_S0_S0_"));
        assertEquals("boost::detail::sp_counted_impl_p<foo::Bar>::dispose",
                CppSymbols.demangle("_ZN5boost6detail17sp_counted_impl_pIN3foo3BarEE7disposeEv"));
        assertEquals("android::sp<android::IBinder>::~sp", CppSymbols.demangle("_ZN7android2spINS_7IBinderEED2Ev"),
                "S_ refers back to the first prefix, android");
        assertEquals("Buf<char const*, 16>::put", CppSymbols.demangle("_ZN3BufIPKcLi16EE3putEv"));
    }

    @Test
    void templateArgumentsThisReaderDoesNotKnowLeaveTheSymbolAlone() {
        // A template parameter reference (T_) inside the name's own arguments, and a substitution index past the table.
        assertEquals("_ZN3FooIT_E3barEv", CppSymbols.demangle("_ZN3FooIT_E3barEv"));
        assertEquals("_ZN3FooIS3_E3barEv", CppSymbols.demangle("_ZN3FooIS3_E3barEv"));
    }

    @Test
    void rustLegacyHashIsDropped() {
        assertEquals("core::panicking::panic", CppSymbols.demangle("_ZN4core9panicking5panic17h0123456789abcdefE"));
    }

    @Test
    void whatDoesNotParseIsKept() {
        assertEquals("_Zfoo", CppSymbols.demangle("_Zfoo"));
        assertEquals("_ZN3Foo", CppSymbols.demangle("_ZN3Foo"), "a nested name without its E");
        assertEquals("_ZN99FooE", CppSymbols.demangle("_ZN99FooE"), "a length past the end");
        assertEquals("memcpy", CppSymbols.demangle("memcpy"));
    }

    @Test
    void aMangledFrameIsTitledDemangled() {
        // Constructed: an out-of-tree C++ module's oops in the x86 5.x format.
        java.util.List<dev.crashtriage.input.LogRecord> r = TestLogs.records("t", String.join("\n",
                "[   10.000001] BUG: kernel NULL pointer dereference, address: 0000000000000008",
                "[   10.000002] Oops: 0000 [#1] SMP NOPTI",
                "[   10.000003] RIP: 0010:_ZN6vendor6Engine4stepEv+0x1c/0x40 [vendor_cpp]",
                "[   10.000004] Call Trace:",
                "[   10.000005]  _ZN6vendor6Engine3runEv+0x20/0x80 [vendor_cpp]"));
        IncidentBuilder b = TestLogs.detect(new CrashReportDetector(), r).get(0);
        assertEquals("BUG: unable to handle kernel NULL pointer dereference in vendor::Engine::step", b.title);
    }
}
