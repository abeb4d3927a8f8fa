using System.Net;
using System.Net.Sockets;

namespace InferenceService.Features.ImageUrls;

/// <summary>
/// Which addresses an image URL may reach: none of <see cref="RefusedRanges"/>. IPv6 forms that reach an IPv4
/// address directly (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d) are judged by that IPv4 address, so
/// ::ffff:169.254.169.254 is as refused as 169.254.169.254.
/// </summary>
public static class AddressGuard
{
    private static readonly IPNetwork WellKnownNat64 = IPNetwork.Parse("64:ff9b::/96");

    /// <summary>Why <paramref name="address"/> is refused, or null when it may be reached.</summary>
    public static string? Refusal(IPAddress address, bool allowLoopback)
    {
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return "it is not an IP address";
        }

        var embedded = EmbeddedIPv4(address);
        var judged = embedded ?? address;
        if (allowLoopback && IPAddress.IsLoopback(judged))
        {
            return null;
        }

        foreach (var range in RefusedRanges.All)
        {
            if (range.Network.Contains(judged))
            {
                var what = $"{range.What} ({range.Network}, {range.Source})";
                return embedded is null ? $"it is {what}" : $"it reaches {embedded}, which is {what}";
            }
        }

        return null;
    }

    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (WellKnownNat64.Contains(address))
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            return new IPAddress(bytes[12..]);
        }

        return null;
    }
}
