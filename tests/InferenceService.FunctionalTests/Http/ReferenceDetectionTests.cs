using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Http;

/// <summary>
/// The photos' detections against each model's reference-output.txt (an independent onnxruntime-node + sharp
/// run): every reference detection of confidence ≥ 0.5 must be found.
/// </summary>
public sealed class YoloxNanoReferenceTests(YoloxNanoService service) : IClassFixture<YoloxNanoService>
{
    [SharedAssetTheory]
    [InlineData("dog.jpg")]
    [InlineData("bus.jpg")]
    [InlineData("zidane.jpg")]
    public async Task Invocations_finds_the_reference_detections(string image) =>
        await ReferenceChecks.AssertReferenceAsync(service.Client, "yolox-nano", image);

    [SharedAssetFact]
    public async Task Json_and_raw_bodies_give_the_same_answer() =>
        await ReferenceChecks.AssertJsonEqualsRawAsync(service.Client, "bus.jpg");
}

public sealed class YoloxNanoTfodReferenceTests(YoloxNanoTfodService service) : IClassFixture<YoloxNanoTfodService>
{
    [SharedAssetTheory]
    [InlineData("dog.jpg")]
    [InlineData("bus.jpg")]
    [InlineData("zidane.jpg")]
    public async Task Invocations_finds_the_reference_detections(string image) =>
        await ReferenceChecks.AssertReferenceAsync(service.Client, "yolox-nano-tfod", image);

    [SharedAssetFact]
    public async Task Json_and_raw_bodies_give_the_same_answer() =>
        await ReferenceChecks.AssertJsonEqualsRawAsync(service.Client, "dog.jpg");
}

internal static class ReferenceChecks
{
    public static async Task AssertReferenceAsync(HttpClient client, string model, string image)
    {
        var bytes = await File.ReadAllBytesAsync(SharedAssets.Image(image));
        using var response = await client.PostAsync("/invocations", Requests.Raw(bytes));
        var body = await PredictionBody.ReadAsync(response);

        Assert.Equal(model, body.Model);
        Assert.Equal("detection", body.Task);
        Assert.Equal(body.Confidences.OrderByDescending(c => c), body.Confidences);
        Assert.All(body.Confidences, c => Assert.True(c >= 0.3f, $"{c} is under the default threshold 0.3"));
        body.AssertMatches(ReferenceOutput.For(SharedAssets.Model(model), image), $"{model} on {image}");
    }

    public static async Task AssertJsonEqualsRawAsync(HttpClient client, string image)
    {
        var bytes = await File.ReadAllBytesAsync(SharedAssets.Image(image));
        using var raw = await client.PostAsync("/invocations", Requests.Raw(bytes, "application/octet-stream"));
        using var json = await client.PostAsync("/invocations", Requests.JsonImage(bytes));
        using var dataUrl = await client.PostAsync("/invocations",
            Requests.Json($"{{\"image\": \"data:image/jpeg;base64,{Convert.ToBase64String(bytes)}\"}}"));

        var expected = await raw.Content.ReadAsStringAsync();
        Assert.NotEmpty((await PredictionBody.ReadAsync(raw)).Classes);
        Assert.Equal(expected, await json.Content.ReadAsStringAsync());
        Assert.Equal(expected, await dataUrl.Content.ReadAsStringAsync());
    }
}
