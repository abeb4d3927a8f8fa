using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using InferenceService.FunctionalTests.Support;
using SkiaSharp;

namespace InferenceService.FunctionalTests.Http;

/// <summary>
/// A ~100-byte 1×8000 PNG once made the classifier resize to 256×2 048 000 before cropping (20 s, 2 GB; 500 from
/// 1×10000 on). Images of extreme aspect ratio now cost what a normal one does, on every model kind.
/// </summary>
public sealed class ExtremeAspectRatioTests(MobileNetV2SoftmaxService classifier, YoloxNanoService detector)
    : IClassFixture<MobileNetV2SoftmaxService>, IClassFixture<YoloxNanoService>
{
    // A hang guard, not a benchmark: before the fix one 1×8000 took 20 s and four 74 s.
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(5);

    private static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> PostAsync(HttpClient client, HttpContent content)
    {
        // Without the fix the request would run for minutes; give up well before the test host does.
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var clock = Stopwatch.StartNew();
        var response = await client.PostAsync("/invocations", content, giveUp.Token);
        return (response, clock.Elapsed);
    }

    private static async Task AssertAnsweredQuicklyAsync(HttpResponseMessage response, TimeSpan elapsed)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        Assert.True(elapsed < Generous, $"took {elapsed.TotalSeconds:0.0} s");
    }

    [SharedAssetTheory]
    [InlineData(1, 8000, SKEncodedImageFormat.Png)]
    [InlineData(1, 10000, SKEncodedImageFormat.Png)]
    [InlineData(1, 30000, SKEncodedImageFormat.Png)]
    [InlineData(8000, 1, SKEncodedImageFormat.Png)]
    [InlineData(30000, 1, SKEncodedImageFormat.Png)]
    [InlineData(1, 8000, SKEncodedImageFormat.Jpeg)]
    [InlineData(8000, 1, SKEncodedImageFormat.Webp)]
    [InlineData(2, 16000, SKEncodedImageFormat.Webp)]
    public async Task A_classifier_answers_an_extreme_aspect_ratio_quickly(int width, int height, SKEncodedImageFormat format)
    {
        var image = TestImages.Encode(width, height, format);
        var (response, elapsed) = await PostAsync(classifier.Client, Requests.Raw(image, "application/x-image"));
        using (response)
        {
            await AssertAnsweredQuicklyAsync(response, elapsed);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.NotEmpty(json.RootElement.GetProperty("classes").EnumerateArray());
            Assert.Equal((width, height), (json.RootElement.GetProperty("width").GetInt32(), json.RootElement.GetProperty("height").GetInt32()));
        }
    }

    [SharedAssetFact]
    public async Task A_batch_of_four_1x8000_images_finishes_long_before_the_deadline()
    {
        var image = Convert.ToBase64String(TestImages.Encode(1, 8000, SKEncodedImageFormat.Png));
        var body = $$"""{"instances": [{{string.Join(", ", Enumerable.Repeat($$"""{"image": "{{image}}"}""", 4))}}]}""";
        var (response, elapsed) = await PostAsync(classifier.Client, new StringContent(body, Encoding.UTF8, "application/json"));
        using (response)
        {
            await AssertAnsweredQuicklyAsync(response, elapsed);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var predictions = json.RootElement.GetProperty("predictions").EnumerateArray().ToArray();
            Assert.Equal(4, predictions.Length);
            Assert.All(predictions, p => Assert.NotEmpty(p.GetProperty("classes").EnumerateArray()));
        }
    }

    [SharedAssetTheory]
    [InlineData(1, 30000)]
    [InlineData(30000, 1)]
    [InlineData(1, 8000)]
    public async Task A_letterboxing_detector_answers_an_extreme_aspect_ratio_quickly(int width, int height)
    {
        var (response, elapsed) = await PostAsync(detector.Client, Requests.Raw(TestImages.Encode(width, height, SKEncodedImageFormat.Png), "image/png"));
        using (response)
        {
            await AssertAnsweredQuicklyAsync(response, elapsed);
        }
    }

    [SharedAssetTheory]
    [InlineData("yolox-nano-tfod")]
    [InlineData("yolox-nano-torchvision")]
    public async Task A_graph_that_resizes_itself_answers_an_extreme_aspect_ratio_instead_of_failing_in_its_resize(string model)
    {
        using var server = ServiceHost.Serving(model);
        using var client = await server.ReadyClientAsync();
        // Each once failed inside the graph's own Resize ("scale value should be greater than 0"): a 500.
        foreach (var (width, height) in new[] { (1, 30000), (30000, 1), (1024, 2), (2, 1024) })
        {
            var (response, elapsed) = await PostAsync(client, Requests.Raw(TestImages.Encode(width, height, SKEncodedImageFormat.Png), "image/png"));
            using (response)
            {
                await AssertAnsweredQuicklyAsync(response, elapsed);
            }
        }
    }

    [SharedAssetTheory]
    [InlineData(1, 100_000)]
    [InlineData(100_000, 1)]
    public async Task A_side_past_the_limit_is_refused_with_413_that_says_why(int width, int height)
    {
        var (response, _) = await PostAsync(classifier.Client, Requests.Raw(TestImages.Encode(width, height, SKEncodedImageFormat.Png), "image/png"));
        using (response)
        {
            var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "image-too-large");
            Assert.Contains("per side", detail);
        }
    }
}
