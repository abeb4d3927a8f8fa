using System.Text;
using InferenceService.Features.Invocations;

namespace InferenceService.UnitTests.Unit;

public sealed class Base64ImageTests
{
    private static readonly byte[] Payload = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0xFB, 0xEF, 0xBE];

    private static byte[] Decode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.True(Base64Image.TryDecodeInPlace(bytes, out var offset, out var length, out var error), error);
        return bytes.AsSpan(offset, length).ToArray();
    }

    [Fact]
    public void Plain_base64_decodes() => Assert.Equal(Payload, Decode(Convert.ToBase64String(Payload)));

    [Fact]
    public void A_data_URL_prefix_is_accepted() =>
        Assert.Equal(Payload, Decode("data:image/jpeg;base64," + Convert.ToBase64String(Payload)));

    [Fact]
    public void Line_wrapped_base64_decodes()
    {
        var wrapped = Convert.ToBase64String(Payload, Base64FormattingOptions.None).Insert(4, "\r\n").Insert(10, " \t");
        Assert.Equal(Payload, Decode(wrapped));
    }

    [Fact]
    public void URL_safe_unpadded_base64_decodes()
    {
        var urlSafe = Convert.ToBase64String(Payload[..8]).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        Assert.Contains('-', urlSafe + Convert.ToBase64String([0xFB, 0xEF]).Replace('+', '-'));
        Assert.Equal(Payload[..8], Decode(urlSafe));
    }

    [Theory]
    [InlineData("not base64!!", "not valid base64")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("QUJDR", "impossible")]
    [InlineData("data:image/jpeg,QUJD", "base64-encoded")]
    public void Invalid_input_is_refused_with_a_reason(string text, string reason)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.False(Base64Image.TryDecodeInPlace(bytes, out _, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
