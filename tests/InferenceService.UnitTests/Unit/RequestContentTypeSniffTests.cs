using System.Text;
using InferenceService.Features.Invocations;
using InferenceService.Hosting;
using SkiaSharp;
using Kind = InferenceService.Features.Invocations.RequestContentType.Kind;

namespace InferenceService.UnitTests.Unit;

public sealed class RequestContentTypeSniffTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_missing_content_type_asks_for_the_body_to_be_sniffed(string? contentType) =>
        Assert.Equal(Kind.Sniff, RequestContentType.Classify(contentType));

    [Fact]
    public void Every_accepted_image_format_is_recognised_by_its_magic_bytes()
    {
        Assert.Equal(Kind.RawImage, RequestContentType.Sniff(TestImages.Jpeg()));
        Assert.Equal(Kind.RawImage, RequestContentType.Sniff(TestImages.Encode(4, 4, SKEncodedImageFormat.Png)));
        Assert.Equal(Kind.RawImage, RequestContentType.Sniff(TestImages.Encode(4, 4, SKEncodedImageFormat.Webp)));
        Assert.Equal(Kind.RawImage, RequestContentType.Sniff(TestImages.AnimatedGif()));
        Assert.Equal(Kind.RawImage, RequestContentType.Sniff(TestImages.Bmp()));
    }

    [Theory]
    [InlineData("{\"image\": \"AAAA\"}", Kind.Json)]
    [InlineData("\uFEFF  \r\n{\"image\": \"AAAA\"}", Kind.Json)]
    [InlineData("{\"image\": \"AAAA\"", Kind.Json)]
    [InlineData("{\"image\": \"A\"}\n{\"image\": \"B\"}\n", Kind.JsonLines)]
    [InlineData("[1, 2]", Kind.Unsupported)]
    [InlineData("<image/>", Kind.Unsupported)]
    [InlineData("", Kind.Unsupported)]
    public void Text_bodies_are_json_json_lines_or_unsupported(string body, Kind expected) =>
        Assert.Equal(expected, RequestContentType.Sniff(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Tiff_and_heic_stay_unsupported() =>
        Assert.All(new[] { TestImages.Tiff(), TestImages.Heic() }, body => Assert.Equal(Kind.Unsupported, RequestContentType.Sniff(body)));

    [Theory]
    [InlineData(null, null, ServerOptions.DefaultMaxBodyBytes)]
    [InlineData(null, 12, 12L * 1024 * 1024)]
    [InlineData(2_000_000L, 12, 2_000_000L)]
    [InlineData(2_000_000L, null, 2_000_000L)]
    public void Max_body_bytes_wins_over_max_payload_in_mb_which_wins_over_the_default(long? maxBodyBytes, int? maxPayloadInMb, long expected) =>
        Assert.Equal(expected, new ServerOptions { MaxBodyBytes = maxBodyBytes, MaxPayloadInMB = maxPayloadInMb }.BodyLimit);
}
