using System.Net;
using System.Net.Http.Headers;
using InferenceService.FunctionalTests.Support;
using InferenceService.TestSupport;

namespace InferenceService.FunctionalTests.Reliability;

/// <summary>
/// BATCH_DELAY_MS: concurrent single-image requests to a dynamic-batch model share model runs, and each still gets
/// exactly its own answer or its own error; with no delay, or on a fixed-batch model, every request runs alone.
/// </summary>
public sealed class DynamicBatchingTests
{
    private static readonly string[] Photos = ["dog.jpg", "bus.jpg", "zidane.jpg", "person.jpg", "horses.jpg", "kite.jpg"];

    [SharedAssetFact]
    public async Task Concurrent_single_requests_share_runs_and_answer_as_one_by_one()
    {
        using var server = ServiceHost.Serving("yolox-nano-dynamic", ("Server:BatchDelayMs", "200"), ("Inference:MaxBatchSize", "8"));
        using var client = await server.ReadyClientAsync();
        var images = Photos.Select(p => File.ReadAllBytes(SharedAssets.Image(p))).ToArray();
        var alone = new List<string>();
        foreach (var image in images)
        {
            alone.Add(await AnswerAsync(client, image, "image/jpeg"));
        }

        var (runsBefore, imagesBefore) = await BatchSizeMetric.ReadAsync(client);
        var inferredBefore = InferenceStages(await client.GetStringAsync("/metrics"));
        var together = await Task.WhenAll(images.Select(image => AnswerAsync(client, image, "image/jpeg")));
        var (runsAfter, imagesAfter) = await BatchSizeMetric.ReadAsync(client);

        Assert.Equal(alone, together);
        Assert.Equal(images.Length, InferenceStages(await client.GetStringAsync("/metrics")) - inferredBefore);
        Assert.Equal(images.Length, imagesAfter - imagesBefore);
        Assert.True(runsAfter - runsBefore < images.Length, $"{images.Length} concurrent requests took {runsAfter - runsBefore} runs");
    }

    [SharedAssetFact]
    public async Task A_bad_image_among_concurrent_requests_gets_its_own_400_and_the_others_their_answers()
    {
        using var server = ServiceHost.Serving("yolox-nano-dynamic", ("Server:BatchDelayMs", "200"));
        using var client = await server.ReadyClientAsync();
        var good = Photos[..4].Select(p => PostAsync(client, File.ReadAllBytes(SharedAssets.Image(p)), "image/jpeg")).ToList();
        var bad = PostAsync(client, TestImages.PngWithBadCrc(), "image/png");

        await ProblemAssert.IsProblemAsync(await bad, HttpStatusCode.BadRequest, "invalid-image");
        foreach (var response in await Task.WhenAll(good))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEmpty((await PredictionBody.ReadAsync(response)).Boxes);
        }
    }

    [SharedAssetFact]
    public async Task A_caller_that_leaves_before_the_run_is_left_out_of_it()
    {
        using var server = ServiceHost.Serving("yolox-nano-dynamic", ("Server:BatchDelayMs", "1500"));
        using var client = await server.ReadyClientAsync();
        var images = Photos[..3].Select(p => File.ReadAllBytes(SharedAssets.Image(p))).ToArray();
        var (runsBefore, imagesBefore) = await BatchSizeMetric.ReadAsync(client);
        using var leaving = new CancellationTokenSource();

        var staying = images[..2].Select(image => AnswerAsync(client, image, "image/jpeg")).ToArray();
        var left = client.PostAsync("/invocations", new ByteArrayContent(images[2]) { Headers = { ContentType = new("image/jpeg") } }, leaving.Token);
        leaving.CancelAfter(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left);
        await Task.WhenAll(staying);
        var (runsAfter, imagesAfter) = await BatchSizeMetric.ReadAsync(client);

        Assert.Equal((1, 2), (runsAfter - runsBefore, imagesAfter - imagesBefore));
    }

    [SharedAssetTheory]
    [InlineData("yolox-nano-dynamic", "0")]
    [InlineData("yolox-nano", "200")]
    public async Task Without_a_delay_or_a_dynamic_batch_concurrent_requests_run_one_by_one(string model, string delayMs)
    {
        using var server = ServiceHost.Serving(model, ("Server:BatchDelayMs", delayMs));
        using var client = await server.ReadyClientAsync();
        var images = Photos.Select(p => File.ReadAllBytes(SharedAssets.Image(p))).ToArray();
        var (runsBefore, imagesBefore) = await BatchSizeMetric.ReadAsync(client);

        await Task.WhenAll(images.Select(image => AnswerAsync(client, image, "image/jpeg")));
        var (runsAfter, imagesAfter) = await BatchSizeMetric.ReadAsync(client);

        Assert.Equal((images.Length, images.Length), (runsAfter - runsBefore, imagesAfter - imagesBefore));
    }

    [Fact]
    public void A_negative_delay_stops_the_service_at_start()
    {
        using var server = ServiceHost.WithoutModel(("Server:BatchDelayMs", "-1"));

        var error = Assert.ThrowsAny<Exception>(() => server.CreateClient());

        Assert.Contains("BATCH_DELAY_MS", error.ToString(), StringComparison.Ordinal);
    }

    private static double InferenceStages(string metrics) =>
        BatchSizeMetric.Sample(metrics, "inference_stage_duration_seconds_count{stage=\"inference\"}");

    private static async Task<string> AnswerAsync(HttpClient client, byte[] image, string contentType)
    {
        using var response = await PostAsync(client, image, contentType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return text;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] image, string contentType)
    {
        var content = new ByteArrayContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return client.PostAsync("/invocations", content);
    }
}
