using System.Net;
using InferenceService.Features.ImageUrls;

namespace InferenceService.UnitTests.Features;

/// <summary>The address guard against the IANA special-purpose registries, one row per refused block.</summary>
public sealed class AddressGuardTests
{
    [Theory]
    [InlineData("0.1.2.3", "0.0.0.0/8, RFC 791")]
    [InlineData("192.0.0.9", "192.0.0.0/24, RFC 6890")]
    [InlineData("192.0.2.1", "192.0.2.0/24, RFC 5737")]
    [InlineData("192.88.99.1", "192.88.99.0/24, RFC 7526")]
    [InlineData("198.19.255.1", "198.18.0.0/15, RFC 2544")]
    [InlineData("198.51.100.7", "198.51.100.0/24, RFC 5737")]
    [InlineData("203.0.113.9", "203.0.113.0/24, RFC 5737")]
    [InlineData("240.0.0.1", "240.0.0.0/4, RFC 1112")]
    [InlineData("255.255.255.255", "limited broadcast")]
    [InlineData("::10.0.0.1", "IPv4-compatible")]
    [InlineData("::8.8.8.8", "IPv4-compatible")]
    [InlineData("64:ff9b:1::a00:1", "local-use NAT64")]
    [InlineData("64:ff9b:1::808:808", "local-use NAT64")]
    [InlineData("100::1", "discard-only")]
    [InlineData("100:0:0:1::1", "dummy")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo")]
    [InlineData("2001:1::1", "2001::/23, RFC 2928")]
    [InlineData("2001:2::1", "2001:2::/48, RFC 5180")]
    [InlineData("2001:10::1", "2001:10::/28, RFC 4843")]
    [InlineData("2001:20::1", "2001::/23, RFC 2928")]
    [InlineData("2001:1ff::1", "2001::/23, RFC 2928")]
    [InlineData("2001:db8::1", "2001:db8::/32, RFC 3849")]
    [InlineData("3fff::1", "3fff::/20, RFC 9637")]
    [InlineData("5f00::1", "5f00::/16, RFC 9602")]
    [InlineData("fec0::1", "fec0::/10, RFC 3879")]
    [InlineData("4000::1", "outside the IPv6 global unicast space")]
    [InlineData("e000::1", "outside the IPv6 global unicast space")]
    public void Every_block_that_is_not_globally_reachable_is_refused_with_its_rfc(string address, string reason)
    {
        Assert.Contains(reason, AddressGuard.Refusal(IPAddress.Parse(address), allowLoopback: false));
    }

    [Theory]
    [InlineData("8.8.8.8", null)]
    [InlineData("2606:4700:4700::1111", null)]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("::10.0.0.1", "IPv4-compatible")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::", "unspecified")]
    public void Address_guard_judges_embedded_ipv4_by_the_ipv4_address(string address, string? reason)
    {
        var refusal = AddressGuard.Refusal(IPAddress.Parse(address), allowLoopback: false);
        if (reason is null)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.Contains(reason, refusal);
        }
    }

    [Theory]
    [InlineData("2002:a00:1::1")]
    [InlineData("2002:a9fe:a9fe::1")]
    [InlineData("2002:808:808::1")]
    public void A_6to4_address_is_refused_whatever_ipv4_address_it_carries(string address)
    {
        // 10.0.0.1, 169.254.169.254 and the public 8.8.8.8: 6to4 relays are deprecated, so none is reached.
        Assert.Contains("6to4", AddressGuard.Refusal(IPAddress.Parse(address), allowLoopback: false));
    }

    [Theory]
    [InlineData("64:ff9b::a00:1", "it reaches 10.0.0.1, which is a private address (10.0.0.0/8, RFC 1918)")]
    [InlineData("64:ff9b::c000:201", "it reaches 192.0.2.1, which is a documentation address")]
    [InlineData("::ffff:198.51.100.1", "it reaches 198.51.100.1, which is a documentation address")]
    public void Nat64_and_mapped_addresses_are_judged_by_the_ipv4_address_they_reach(string address, string reason)
    {
        Assert.Equal(reason, AddressGuard.Refusal(IPAddress.Parse(address), allowLoopback: false)?[..reason.Length]);
    }

    [Theory]
    [InlineData("64:ff9b::808:808")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("192.0.3.1")]
    [InlineData("198.20.0.1")]
    [InlineData("192.31.196.1")]
    [InlineData("2001:200::1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2a00:1450:4001::1")]
    public void Public_addresses_beside_refused_blocks_are_allowed(string address)
    {
        Assert.Null(AddressGuard.Refusal(IPAddress.Parse(address), allowLoopback: false));
    }

    [Fact]
    public void No_block_of_the_table_is_hidden_behind_an_earlier_one()
    {
        var ranges = RefusedRanges.All;
        for (var later = 0; later < ranges.Count; later++)
        {
            Assert.Contains("RFC ", ranges[later].Source);
            for (var earlier = 0; earlier < later; earlier++)
            {
                var hidden = ranges[earlier].Network.PrefixLength <= ranges[later].Network.PrefixLength
                    && ranges[earlier].Network.Contains(ranges[later].Network.BaseAddress);
                Assert.False(hidden, $"{ranges[later].Network} is inside the earlier {ranges[earlier].Network}");
            }
        }
    }
}
