using System.Net;
using System.Net.Sockets;

namespace InferenceService.Features.ImageUrls;

/// <summary>
/// Which addresses an image URL may reach: public unicast only. IPv6 forms that embed an IPv4 address
/// (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96) are judged by that IPv4 address, so
/// ::ffff:169.254.169.254 is as refused as 169.254.169.254.
/// </summary>
public static class AddressGuard
{
    /// <summary>Why <paramref name="address"/> is refused, or null when it may be reached.</summary>
    public static string? Refusal(IPAddress address, bool allowLoopback)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedIPv4(address) is { } v4)
        {
            address = v4;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return RefusalV4(address.GetAddressBytes(), allowLoopback);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "it is not an IP address";
        }

        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return allowLoopback ? null : "it is a loopback address";
        }

        if (address.Equals(IPAddress.IPv6Any))
        {
            return "it is the unspecified address";
        }

        return b[0] switch
        {
            0xff => "it is a multicast address",
            0xfe when (b[1] & 0xc0) == 0x80 => "it is a link-local address",
            0xfe when (b[1] & 0xc0) == 0xc0 => "it is a site-local address",
            0xfc or 0xfd => "it is a private (unique local) address",
            _ => null,
        };
    }

    private static string? RefusalV4(byte[] b, bool allowLoopback) => b switch
    {
        [127, ..] => allowLoopback ? null : "it is a loopback address",
        [0, ..] => "it is the unspecified (this-network) address",
        [10, ..] or [172, >= 16 and <= 31, ..] or [192, 168, ..] => "it is a private address",
        [169, 254, ..] => "it is a link-local address (cloud metadata services live there)",
        [100, >= 64 and <= 127, ..] => "it is a carrier-grade NAT (shared) address",
        [192, 0, 0, _] => "it is an IETF protocol assignment address",
        [198, 18 or 19, ..] => "it is a benchmarking address",
        [>= 224 and <= 239, ..] => "it is a multicast address",
        [>= 240, ..] => "it is a reserved or broadcast address",
        _ => null,
    };

    private static IPAddress? EmbeddedIPv4(IPAddress v6)
    {
        if (v6.IsIPv4MappedToIPv6)
        {
            return v6.MapToIPv4();
        }

        var b = v6.GetAddressBytes();
        var nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;
        var compatible = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && b.AsSpan(12).IndexOfAnyExcept((byte)0) >= 0
            && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 1);
        return nat64 || compatible ? new IPAddress(b.AsSpan(12, 4)) : null;
    }
}
