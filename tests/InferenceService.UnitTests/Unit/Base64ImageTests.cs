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

    /// <summary>Lengths around the decoder's 4096-character blocks, where a block ends and the tail begins.</summary>
    [Theory]
    [InlineData(3071)]
    [InlineData(3072)]
    [InlineData(3073)]
    [InlineData(3075)]
    [InlineData(6144)]
    [InlineData(100_000)]
    public void Long_images_decode_across_blocks_whatever_the_padding(int size)
    {
        var image = Enumerable.Range(0, size).Select(i => (byte)(i * 31 + i / 7)).ToArray();
        var text = Convert.ToBase64String(image);
        Assert.Equal(image, Decode(text));
        Assert.Equal(image, Decode(text.TrimEnd('=').Replace('+', '-').Replace('/', '_')));
        Assert.Equal(image, Decode(Convert.ToBase64String(image, Base64FormattingOptions.InsertLineBreaks)));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(5000)]
    [InlineData(9000)]
    public void A_bad_character_anywhere_in_a_long_string_is_refused(int at)
    {
        var text = Convert.ToBase64String(new byte[9000]).ToCharArray();
        text[at] = '*';
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.False(Base64Image.TryDecodeInPlace(bytes, out _, out _, out var error));
        Assert.Contains("not valid base64", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Padding_inside_a_long_string_is_refused()
    {
        var text = Convert.ToBase64String(new byte[3001]) + Convert.ToBase64String(new byte[3001]);
        Assert.Contains("==A", text, StringComparison.Ordinal);
        Assert.False(Base64Image.TryDecodeInPlace(Encoding.UTF8.GetBytes(text), out _, out _, out _));
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
