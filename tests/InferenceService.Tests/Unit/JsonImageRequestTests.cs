using System.Text;
using InferenceService.Features.Invocations;

namespace InferenceService.Tests.Unit;

public sealed class JsonImageRequestTests
{
    private static readonly byte[] Payload = [0xFF, 0xD8, 0xFF, 0xFB, 0xEF, 0xBE, 0x3F, 0xFF, 0x01];

    private static (JsonImageRequest.Parsed Parsed, byte[] Body) Parse(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return (JsonImageRequest.Parse(body), body);
    }

    private static byte[] Image(string json)
    {
        var (parsed, body) = Parse(json);
        Assert.True(parsed.Succeeded, parsed.Message);
        return body.AsSpan(parsed.Offset, parsed.Length).ToArray();
    }

    [Fact]
    public void The_image_property_is_decoded_in_place_and_other_properties_ignored() =>
        Assert.Equal(Payload, Image($"{{\"model\": {{\"x\": [1, 2]}}, \"image\": \"{Convert.ToBase64String(Payload)}\", \"n\": 3}}"));

    [Fact]
    public void Escaped_slashes_are_unescaped_before_decoding()
    {
        var base64 = Convert.ToBase64String(Payload);
        Assert.Contains('/', base64);
        Assert.Equal(Payload, Image($"{{\"image\": \"{base64.Replace("/", "\\/")}\"}}"));
    }

    [Fact]
    public void A_data_URL_with_whitespace_is_accepted() =>
        Assert.Equal(Payload, Image($"{{\"image\": \"data:image/png;base64,{Convert.ToBase64String(Payload).Insert(4, "\\n")}\"}}"));

    [Theory]
    [InlineData("{\"image\": \"QUJD\"", JsonImageRequest.ErrorKind.MalformedJson)]
    [InlineData("{\"image\": \"QUJD\"} {}", JsonImageRequest.ErrorKind.MalformedJson)]
    [InlineData("{\"image\": \"QUJD\"} x", JsonImageRequest.ErrorKind.MalformedJson)]
    [InlineData("", JsonImageRequest.ErrorKind.MalformedJson)]
    [InlineData("{}", JsonImageRequest.ErrorKind.InvalidRequest)]
    [InlineData("{\"images\": \"QUJD\"}", JsonImageRequest.ErrorKind.InvalidRequest)]
    [InlineData("{\"image\": null}", JsonImageRequest.ErrorKind.InvalidRequest)]
    [InlineData("{\"image\": [\"QUJD\"]}", JsonImageRequest.ErrorKind.InvalidRequest)]
    [InlineData("\"QUJD\"", JsonImageRequest.ErrorKind.InvalidRequest)]
    [InlineData("{\"image\": \"Q@JD\"}", JsonImageRequest.ErrorKind.InvalidBase64)]
    [InlineData("{\"image\": \"\"}", JsonImageRequest.ErrorKind.InvalidBase64)]
    public void Bad_requests_are_classified(string json, JsonImageRequest.ErrorKind expected)
    {
        var (parsed, _) = Parse(json);
        Assert.False(parsed.Succeeded);
        Assert.Equal(expected, parsed.Error);
        Assert.False(string.IsNullOrWhiteSpace(parsed.Message));
    }
}
