using System.Net;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Http;

/// <summary>Every kind of bad request gets its 4xx problem, never a 500, and the service keeps serving.</summary>
public sealed class InvocationErrorTests(InvocationErrorTests.SmallLimitService service)
    : IClassFixture<InvocationErrorTests.SmallLimitService>
{
    private const int SmallLimit = 64 * 1024;

    private readonly HttpClient _client = service.Client;

    /// <summary>YOLOX-Nano with a 64 KB body limit, so dog.jpg is over it.</summary>
    public sealed class SmallLimitService() : ModelHost(() => ServiceHost.Serving("yolox-nano",
        ("Server:MaxBodyBytes", SmallLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    [SharedAssetTheory]
    [InlineData("{\"image\": ", "invalid-json")]
    [InlineData("not json at all", "invalid-json")]
    [InlineData("{\"image\": \"aGVsbG8=\"} trailing", "invalid-json")]
    [InlineData("{}", "invalid-request")]
    [InlineData("{\"picture\": \"aGVsbG8=\"}", "invalid-request")]
    [InlineData("{\"image\": 42}", "invalid-request")]
    [InlineData("[\"aGVsbG8=\"]", "invalid-request")]
    [InlineData("{\"image\": \"not base64!!\"}", "invalid-base64")]
    [InlineData("{\"image\": \"\"}", "invalid-base64")]
    [InlineData("{\"image\": \"aGVsbG8gd29ybGQ=\"}", "invalid-image")]
    public async Task Invocations_returns_400_problem_for_bad_json_requests(string body, string slug)
    {
        using var response = await _client.PostAsync("/invocations", Requests.Json(body));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, slug);
    }

    [SharedAssetFact]
    public async Task Invocations_returns_400_for_an_undecodable_raw_image()
    {
        var truncated = (await File.ReadAllBytesAsync(SharedAssets.Image("dog.jpg")))[..200];
        using var garbage = await _client.PostAsync("/invocations", Requests.Raw("definitely not an image"u8.ToArray(), "image/png"));
        using var cut = await _client.PostAsync("/invocations", Requests.Raw(truncated));
        using var empty = await _client.PostAsync("/invocations", Requests.Raw([], "application/octet-stream"));

        await ProblemAssert.IsProblemAsync(garbage, HttpStatusCode.BadRequest, "invalid-image");
        await ProblemAssert.IsProblemAsync(cut, HttpStatusCode.BadRequest, "invalid-image");
        await ProblemAssert.IsProblemAsync(empty, HttpStatusCode.BadRequest, "invalid-image");
    }

    [SharedAssetTheory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=utf-16")]
    public async Task Invocations_returns_415_for_other_content_types(string contentType)
    {
        using var response = await _client.PostAsync("/invocations", Requests.Raw("{\"image\": \"aGVsbG8=\"}"u8.ToArray(), contentType));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [SharedAssetFact]
    public async Task Invocations_returns_413_for_a_body_over_the_limit()
    {
        var dog = await File.ReadAllBytesAsync(SharedAssets.Image("dog.jpg"));
        Assert.True(dog.Length > SmallLimit);
        using var raw = await _client.PostAsync("/invocations", Requests.Raw(dog));
        using var json = await _client.PostAsync("/invocations", Requests.JsonImage(dog));
        using var chunked = await _client.PostAsync("/invocations", new StreamContent(new MemoryStream(dog))
        {
            Headers = { ContentType = new("image/jpeg") },
        });

        await ProblemAssert.IsProblemAsync(raw, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        await ProblemAssert.IsProblemAsync(json, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        await ProblemAssert.IsProblemAsync(chunked, HttpStatusCode.RequestEntityTooLarge, "body-too-large");
    }

    [SharedAssetFact]
    public async Task A_small_image_under_the_limit_is_still_served_after_errors()
    {
        using var bad = await _client.PostAsync("/invocations", Requests.Json("{"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        using var ok = await _client.PostAsync("/invocations", Requests.Raw(Model.WarmUpImage.Create(320, 240)));
        var body = await PredictionBody.ReadAsync(ok);
        Assert.Equal((320, 240), (body.Width, body.Height));
    }
}
