package dev.crashtriage.listen;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * One {@code --udp [ADDR:]PORT}: where to receive. No address means every local address, IPv4 and IPv6
 * (one dual-stack socket); an IPv6 address is written in brackets ({@code [::1]:6666}).
 *
 * @param address the address to bind, or null for the wildcard
 * @param port    the UDP port
 */
public record ListenAddress(InetAddress address, int port) {
    public static final int DEFAULT_PORT = 6666;

    public static ListenAddress parse(String text) {
        String s = text.trim();
        String host = null;
        String port = s;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + text + "': expected [IPV6-ADDRESS]:PORT");
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else if (s.indexOf(':') >= 0) {
            int colon = s.lastIndexOf(':');
            if (s.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, [::1]:6666");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': the port must be a number");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("'" + text + "': the port must be 0..65535");
        }
        if (host == null || host.isEmpty() || host.equals("*")) {
            return new ListenAddress(null, p);
        }
        if (!isLiteral(host)) {
            throw new IllegalArgumentException("'" + text + "': give a numeric IP address, not a name");
        }
        try {
            return new ListenAddress(InetAddress.getByName(host), p);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "': not an IP address");
        }
    }

    /** Only literals: a name would mean a DNS lookup at start-up, and which address it gives is not ours to guess. */
    private static boolean isLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) {
                    return false;
                }
            }
            return true;
        }
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    InetSocketAddress socketAddress() {
        return address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
    }

    @Override
    public String toString() {
        if (address == null) {
            return "*:" + port;
        }
        if (address instanceof java.net.Inet6Address) {
            return "[" + Listener.compressed(address.getAddress()) + "]:" + port;
        }
        return address.getHostAddress() + ":" + port;
    }
}
