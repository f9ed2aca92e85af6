package dev.crashtriage.listen;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ListenAddressTest {

    @Test
    void portAloneMeansEveryAddress() {
        ListenAddress a = ListenAddress.parse("6666");
        assertNull(a.address());
        assertEquals(6666, a.port());
        assertEquals("*:6666", a.toString());
    }

    @Test
    void ipv4AndBracketedIpv6() throws Exception {
        assertEquals(new ListenAddress(InetAddress.getByName("127.0.0.1"), 514), ListenAddress.parse("127.0.0.1:514"));
        ListenAddress v6 = ListenAddress.parse("[::1]:6666");
        assertEquals(InetAddress.getByName("::1"), v6.address());
        assertEquals("[::1]:6666", v6.toString());
    }

    @Test
    void namesAndBadPortsAreRefusedWithTheReason() {
        assertEquals("'loghost:6666': give a numeric IP address, not a name",
                assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("loghost:6666")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("::1:6666"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("70000"));
        assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse("[::1]6666"));
    }

    @Test
    void ipv6HostKeysAreWrittenShort() throws Exception {
        assertEquals("::1", Listener.compressed(InetAddress.getByName("::1").getAddress()));
        assertEquals("2001:db8::1:0:0:1", Listener.compressed(InetAddress.getByName("2001:db8:0:0:1:0:0:1").getAddress()));
        assertEquals("fe80::2aa:ff:fe28:9c5a",
                Listener.compressed(InetAddress.getByName("fe80::2aa:ff:fe28:9c5a").getAddress()));
    }
}
