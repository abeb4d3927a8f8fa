using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using InferenceService.FunctionalTests.Support;
using SkiaSharp;

namespace InferenceService.FunctionalTests.Security;

/// <summary>
/// What clients may send, good and bad: every bad case is a 4xx problem with a stable type and title, the
/// unusual-but-valid images are served, and the server still answers /ping afterwards.
/// </summary>
public sealed class BadInputMatrixTests(ServedModelFixture served) : IClassFixture<ServedModelFixture>
{
    public sealed record Case(string Name, string? ContentType, Func<byte[]> Body, int Status, string? Slug, string? Title, (string, string)? Header = null)
    {
        public override string ToString() => Name;
    }

    private const string InvalidImage = "The image cannot be decoded";
    private const string InvalidJson = "The request body is not valid JSON";
    private const string InvalidRequest = "The request is missing what it needs";
    private const string InvalidBase64 = "The image is not valid base64";
    private const string TooManyPixels = "The image has too many pixels";
    private const string BodyTooLarge = "The request body is too large";
    private const string Unsupported = "Unsupported Content-Type";

    private static Case Refused(string name, string? type, Func<byte[]> body, int status, string slug, string title) => new(name, type, body, status, slug, title);

    private static Case Served(string name, string? type, Func<byte[]> body, (string, string)? header = null) => new(name, type, body, 200, null, null, header);

    private static readonly Case[] Cases =
    [
        Refused("empty raw body", "image/jpeg", () => [], 400, "invalid-image", InvalidImage),
        Refused("empty JSON body", "application/json", () => [], 400, "invalid-json", InvalidJson),
        Refused("empty JSON object", "application/json", () => TestImages.Json("{}"), 400, "invalid-request", InvalidRequest),
        Refused("JSON array", "application/json", () => TestImages.Json("[]"), 400, "invalid-request", InvalidRequest),
        Refused("image is a number", "application/json", () => TestImages.Json("{\"image\": 42}"), 400, "invalid-request", InvalidRequest),
        Refused("image is an object", "application/json", () => TestImages.Json("{\"image\": {\"b64\": \"AAAA\"}}"), 400, "invalid-request", InvalidRequest),
        Refused("image is null", "application/json", () => TestImages.Json("{\"image\": null}"), 400, "invalid-request", InvalidRequest),
        Refused("image is an empty string", "application/json", () => TestImages.Json("{\"image\": \"\"}"), 400, "invalid-base64", InvalidBase64),
        Refused("invalid base64 characters", "application/json", () => TestImages.Json("{\"image\": \"!!!*&^%$\"}"), 400, "invalid-base64", InvalidBase64),
        Refused("base64 of impossible length", "application/json", () => TestImages.Json("{\"image\": \"abcde\"}"), 400, "invalid-base64", InvalidBase64),
        Refused("data URL that is not base64", "application/json", () => TestImages.Json("{\"image\": \"data:image/png,abc\"}"), 400, "invalid-base64", InvalidBase64),
        Refused("valid base64 of random bytes", "application/json", () => TestImages.Json(TestImages.Base64Json(RandomBytes(3000))), 400, "invalid-image", InvalidImage),
        Refused("malformed JSON", "application/json", () => TestImages.Json("{\"image\": \"AAAA\""), 400, "invalid-json", InvalidJson),
        Refused("trailing garbage after JSON", "application/json", () => TestImages.Json("{\"image\": \"AAAA\"} xyz"), 400, "invalid-json", InvalidJson),
        Refused("JSON nested 200 deep", "application/json", () => TestImages.Json("{\"a\":" + new string('[', 200) + new string(']', 200) + ",\"image\":\"AAAA\"}"), 400, "invalid-json", InvalidJson),
        Refused("JSON over the body limit", "application/json", () => TestImages.Json("{\"pad\": \"" + new string('x', (int)ServedModelFixture.MaxBodyBytes) + "\"}"), 413, "body-too-large", BodyTooLarge),
        Refused("raw body over the limit", "image/jpeg", () => new byte[ServedModelFixture.MaxBodyBytes + 1], 413, "body-too-large", BodyTooLarge),
        Refused("random bytes as image/jpeg", "image/jpeg", () => RandomBytes(5000), 400, "invalid-image", InvalidImage),
        Refused("JPEG truncated to half", "image/jpeg", () => Half(TestImages.Jpeg(320, 240)), 400, "invalid-image", InvalidImage),
        Refused("JPEG truncated to its first 10 bytes", "image/jpeg", () => TestImages.Jpeg()[..10], 400, "invalid-image", InvalidImage),
        Refused("PNG with a bad header CRC", "image/png", TestImages.PngWithBadCrc, 400, "invalid-image", InvalidImage),
        Refused("PNG truncated to half", "image/png", () => Half(TestImages.Encode(64, 64, SKEncodedImageFormat.Png)), 400, "invalid-image", InvalidImage),
        Refused("TIFF", "application/octet-stream", TestImages.Tiff, 400, "invalid-image", InvalidImage),
        Refused("HEIC", "application/octet-stream", TestImages.Heic, 400, "invalid-image", InvalidImage),
        Refused("PNG declaring 50000x50000", "image/png", () => TestImages.PngDeclaring(50_000, 50_000), 413, "image-too-large", TooManyPixels),
        Refused("JPEG declaring 50000x50000", "image/jpeg", () => TestImages.JpegDeclaring(50_000, 50_000), 413, "image-too-large", TooManyPixels),
        Refused("PNG declaring 40000x1001 (just over 40 MP)", "image/png", () => TestImages.PngDeclaring(40_000, 1_001), 413, "image-too-large", TooManyPixels),
        Refused("GIF declaring a 65535x65535 screen", "image/gif", () => TestImages.AnimatedGif(65_535, 65_535), 413, "image-too-large", TooManyPixels),
        Refused("text/plain", "text/plain", () => TestImages.Jpeg(), 415, "unsupported-media-type", Unsupported),
        Refused("no Content-Type, neither image nor JSON", null, () => TestImages.Tiff(), 415, "unsupported-media-type", Unsupported),
        Refused("no Content-Type, XML", null, () => TestImages.Json("<image/>"), 415, "unsupported-media-type", Unsupported),
        Refused("application/xml", "application/xml", () => TestImages.Json("<image/>"), 415, "unsupported-media-type", Unsupported),
        Refused("multipart/form-data", "multipart/form-data; boundary=x", () => TestImages.Jpeg(), 415, "unsupported-media-type", Unsupported),
        Refused("JSON declared as latin-1", "application/json; charset=iso-8859-1", () => TestImages.Json(TestImages.Base64Json(TestImages.Jpeg())), 415, "unsupported-media-type", Unsupported),
        Refused("JSON declared as UTF-16", "application/json; charset=utf-16", () => TestImages.Json(TestImages.Base64Json(TestImages.Jpeg())), 415, "unsupported-media-type", Unsupported),
        Served("1x1 JPEG", "image/jpeg", () => TestImages.Jpeg(1, 1)),
        Served("1x1 PNG", "image/png", () => TestImages.Encode(1, 1, SKEncodedImageFormat.Png)),
        Served("grayscale JPEG", "image/jpeg", () => TestImages.Encode(64, 48, SKEncodedImageFormat.Jpeg, SKColorType.Gray8)),
        Served("grayscale PNG", "image/png", () => TestImages.Encode(64, 48, SKEncodedImageFormat.Png, SKColorType.Gray8)),
        Served("palette PNG", "image/png", () => TestImages.PalettePng()),
        Served("CMYK JPEG", "image/jpeg", TestImages.CmykJpeg),
        Served("16-bit PNG", "image/png", () => TestImages.Png16Bit()),
        Served("PNG with alpha", "image/png", () => TestImages.Encode(64, 48, SKEncodedImageFormat.Png)),
        Served("animated GIF (first frame)", "image/gif", () => TestImages.AnimatedGif()),
        Served("WebP", "image/webp", () => TestImages.Encode(64, 48, SKEncodedImageFormat.Webp)),
        Served("BMP", "image/bmp", TestImages.Bmp),
        Served("PNG sent as image/jpeg (content is sniffed)", "image/jpeg", () => TestImages.Encode(32, 32, SKEncodedImageFormat.Png)),
        Served("JSON with charset=utf-8", "application/json; charset=utf-8", () => TestImages.Json(TestImages.Base64Json(TestImages.Jpeg()))),
        Served("JSON with charset=UTF8", "application/json; charset=UTF8", () => TestImages.Json(TestImages.Base64Json(TestImages.Jpeg()))),
        Served("JSON with unknown fields", "application/json", () => TestImages.Json("{\"extra\": {\"deep\": [1, 2, {\"x\": null}]}, \"image\": \"" + Convert.ToBase64String(TestImages.Jpeg()) + "\", \"more\": true}")),
        Served("JSON with escaped slashes in base64", "application/json", () => TestImages.Json(TestImages.Base64Json(TestImages.Jpeg()).Replace("/", "\\/"))),
        Served("data URL", "application/json", () => TestImages.Json("{\"image\": \"data:image/jpeg;base64," + Convert.ToBase64String(TestImages.Jpeg()) + "\"}")),
        Served("unknown custom attributes", "image/jpeg", () => TestImages.Jpeg(), ("X-Amzn-SageMaker-Custom-Attributes", "foo=bar;;=;\u007fnope")),
        .. Enumerable.Range(1, 8).Select(o => Served($"EXIF orientation {o}", "image/jpeg", () => TestImages.JpegWithOrientation(o))),
    ];

    public static TheoryData<Case> All()
    {
        var data = new TheoryData<Case>();
        foreach (var c in Cases)
        {
            data.Add(c);
        }

        return data;
    }

    [SharedAssetTheory]
    [MemberData(nameof(All))]
    public async Task Invocations_answer_each_input_with_the_expected_status_and_problem_and_stay_up(Case c)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = new ByteArrayContent(c.Body()) };
        if (c.ContentType is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.ContentType);
        }

        if (c.Header is var (name, value))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await served.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == c.Status, $"{c.Name}: expected {c.Status}, got {(int)response.StatusCode} {body}");
        if (c.Slug is not null)
        {
            var problem = await ProblemAssert.ReadAsync(response);
            Assert.Equal(c.Slug, problem.Slug);
            Assert.Equal(c.Title, problem.Title);
            Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        }
        else
        {
            using var json = JsonDocument.Parse(body);
            Assert.True(json.RootElement.GetProperty("width").GetInt32() > 0);
        }

        Assert.Equal(HttpStatusCode.OK, (await served.Client.GetAsync("/ping")).StatusCode);
    }

    [SharedAssetTheory]
    [InlineData(1, 40, 20)]
    [InlineData(3, 40, 20)]
    [InlineData(5, 20, 40)]
    [InlineData(6, 20, 40)]
    [InlineData(8, 20, 40)]
    public async Task Invocations_report_the_upright_size_of_an_EXIF_rotated_JPEG(int orientation, int width, int height)
    {
        var content = new ByteArrayContent(TestImages.JpegWithOrientation(orientation));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var response = await served.Client.PostAsync("/invocations", content);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(width, json.RootElement.GetProperty("width").GetInt32());
        Assert.Equal(height, json.RootElement.GetProperty("height").GetInt32());
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(count).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Half(byte[] bytes) => bytes[..(bytes.Length / 2)];
}
