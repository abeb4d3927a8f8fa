using System.Net;

namespace InferenceService.Features.ImageUrls;

/// <summary>One address block the image URL client never connects to, with what it is and where it is defined.</summary>
public sealed record RefusedRange(IPNetwork Network, string What, string Source)
{
    public RefusedRange(string network, string what, string source) : this(IPNetwork.Parse(network), what, source)
    {
    }
}

/// <summary>
/// Every block an image URL may not reach: each entry of the IANA IPv4 and IPv6 Special-Purpose Address
/// Registries whose "Globally Reachable" is False or N/A, plus multicast and, for IPv6, everything outside the
/// global unicast space 2000::/3. Ordered most specific first, so the first match names the block precisely.
/// IPv4-mapped (::ffff:0:0/96) and well-known-prefix NAT64 (64:ff9b::/96) addresses are not listed: they reach
/// the IPv4 address inside them, so <see cref="AddressGuard"/> judges that address against this table instead.
/// </summary>
public static class RefusedRanges
{
    public static readonly IReadOnlyList<RefusedRange> All =
    [
        new("0.0.0.0/8", "an unspecified (this-network) address", "RFC 791 §3.2"),
        new("10.0.0.0/8", "a private address", "RFC 1918"),
        new("100.64.0.0/10", "a carrier-grade NAT (shared) address", "RFC 6598"),
        new("127.0.0.0/8", "a loopback address", "RFC 1122 §3.2.1.3"),
        new("169.254.0.0/16", "a link-local address (cloud metadata services live there)", "RFC 3927"),
        new("172.16.0.0/12", "a private address", "RFC 1918"),

        // The registry marks two anycast /32s inside (PCP 192.0.0.9, TURN 192.0.0.10) globally reachable; they
        // are protocol relays, never image hosts, so the whole block stays refused.
        new("192.0.0.0/24", "an IETF protocol assignment address", "RFC 6890 §2.1"),
        new("192.0.2.0/24", "a documentation address (TEST-NET-1)", "RFC 5737"),
        new("192.88.99.0/24", "a deprecated 6to4 relay anycast address", "RFC 7526"),
        new("192.168.0.0/16", "a private address", "RFC 1918"),
        new("198.18.0.0/15", "a benchmarking address", "RFC 2544"),
        new("198.51.100.0/24", "a documentation address (TEST-NET-2)", "RFC 5737"),
        new("203.0.113.0/24", "a documentation address (TEST-NET-3)", "RFC 5737"),
        new("224.0.0.0/4", "a multicast address", "RFC 5771"),
        new("255.255.255.255/32", "the limited broadcast address", "RFC 919 §7"),
        new("240.0.0.0/4", "a reserved address", "RFC 1112 §4"),

        new("::/128", "the unspecified address", "RFC 4291 §2.5.2"),
        new("::1/128", "a loopback address", "RFC 4291 §2.5.3"),
        new("::/96", "a deprecated IPv4-compatible address", "RFC 4291 §2.5.5.1"),
        new("64:ff9b:1::/48", "a local-use NAT64 address (it translates to an IPv4 address of the local network)", "RFC 8215"),
        new("100::/64", "a discard-only address", "RFC 6666"),
        new("100:0:0:1::/64", "a dummy address", "RFC 9780"),
        new("2001::/32", "a Teredo address (it tunnels to an IPv4 address)", "RFC 4380"),
        new("2001:2::/48", "a benchmarking address", "RFC 5180"),
        new("2001:10::/28", "a deprecated ORCHID address", "RFC 4843"),

        // Globally reachable entries inside (anycast 2001:1::1-3, AMT 2001:3::/32, AS112 2001:4:112::/48,
        // ORCHIDv2 2001:20::/28, DETs 2001:30::/28) are protocol endpoints or unrouted identifiers, never image
        // hosts, so the whole block stays refused.
        new("2001::/23", "an IETF protocol assignment address", "RFC 2928"),
        new("2001:db8::/32", "a documentation address", "RFC 3849"),

        // 6to4 reaches the IPv4 address in bits 16-47 through relays anyone may run; it is deprecated, so it is
        // refused whatever IPv4 address it carries.
        new("2002::/16", "a 6to4 address (it tunnels to an IPv4 address)", "RFC 3056, deprecated by RFC 7526"),
        new("3fff::/20", "a documentation address", "RFC 9637"),
        new("5f00::/16", "an SRv6 segment identifier", "RFC 9602"),
        new("fc00::/7", "a private (unique local) address", "RFC 4193"),
        new("fe80::/10", "a link-local address", "RFC 4291 §2.5.6"),
        new("fec0::/10", "a deprecated site-local address", "RFC 3879"),
        new("ff00::/8", "a multicast address", "RFC 4291 §2.7"),
        new("::/3", "outside the IPv6 global unicast space 2000::/3", "RFC 4291 §2.4"),
        new("4000::/2", "outside the IPv6 global unicast space 2000::/3", "RFC 4291 §2.4"),
        new("8000::/1", "outside the IPv6 global unicast space 2000::/3", "RFC 4291 §2.4"),
    ];
}
