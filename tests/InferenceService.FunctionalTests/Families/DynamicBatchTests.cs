using System.Net;
using System.Text;
using System.Text.Json;
using InferenceService.Inference;
using InferenceService.Inference.Loading;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Families;

/// <summary>
/// Detectors with a dynamic batch dimension run a batch request in chunks of at most <c>MAX_BATCH_SIZE</c> images
/// per <c>Run</c> — RT-DETR's <c>orig_target_sizes</c> filled per image — and answer exactly as one by one.
/// </summary>
public sealed class DynamicBatchTests
{
    private static readonly string[] Photos =
        ["dog.jpg", "bus.jpg", "zidane.jpg", "person.jpg", "horses.jpg", "kite.jpg", "giraffe.jpg", "eagle.jpg", "cat.jpg", "bus.jpg"];

    [SharedAssetTheory]
    [InlineData("yolox-nano-dynamic", 8, new[] { 8, 2 })]
    [InlineData("yolox-nano-rtdetr", 8, new[] { 8, 2 })]
    [InlineData("yolox-nano-rtdetr", 4, new[] { 4, 4, 2 })]
    public void Batch_runs_in_chunks_of_the_max_batch_size_and_answers_as_one_by_one(string model, int maxBatchSize, int[] runs)
    {
        using var pipeline = new ModelLoader(TestModels.Recogniser()).Load(
            new InferenceOptions { ModelDir = SharedAssets.Model(model), IntraOpThreads = 2, MaxBatchSize = maxBatchSize });
        var images = Photos.Select(p => (ReadOnlyMemory<byte>)File.ReadAllBytes(SharedAssets.Image(p))).ToArray();

        var batch = pipeline.PredictBatch(images, pipeline.DefaultOptions);

        Assert.True(pipeline.RunsBatchesAtOnce);
        Assert.Equal(runs, batch.RunSizes);
        for (var i = 0; i < images.Length; i++)
        {
            var single = pipeline.Predict(images[i], pipeline.DefaultOptions);
            Assert.NotEmpty(single.Detections);
            Assert.Equal(single.Detections, batch.Items[i].Result!.Detections);
        }
    }

    [SharedAssetTheory]
    [InlineData("yolox-nano-dynamic")]
    [InlineData("yolox-nano-rtdetr")]
    public async Task Instances_of_ten_photos_are_two_runs_with_the_single_answers(string model)
    {
        using var server = ServiceHost.Serving(model);
        using var client = await server.ReadyClientAsync();
        var images = Photos.Select(p => Convert.ToBase64String(File.ReadAllBytes(SharedAssets.Image(p)))).ToArray();
        var (runsBefore, imagesBefore) = await BatchSizeMetric.ReadAsync(client);

        var body = $$"""{"instances": [{{string.Join(", ", images.Select(i => $$"""{"image": "{{i}}"}"""))}}]}""";
        using var batch = await PostAsync(client, body);
        var (runsAfter, imagesAfter) = await BatchSizeMetric.ReadAsync(client);

        // 10 images in 2 runs: with at most 8 per run, 8 and 2.
        Assert.Equal((2, 10), (runsAfter - runsBefore, imagesAfter - imagesBefore));
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Equal(1, BatchSizeMetric.Sample(metrics, "inference_batch_size_bucket{le=\"2\"}") - BatchSizeMetric.Sample(metrics, "inference_batch_size_bucket{le=\"1\"}"));
        var predictions = batch.RootElement.GetProperty("predictions").EnumerateArray().ToArray();
        Assert.Equal(images.Length, predictions.Length);
        for (var i = 0; i < images.Length; i++)
        {
            using var single = await PostAsync(client, $$"""{"image": "{{images[i]}}"}""");
            Assert.Equal(single.RootElement.GetRawText(), predictions[i].GetRawText());
        }
    }

    [SharedAssetFact]
    public async Task Configured_max_batch_size_sets_the_chunk()
    {
        using var server = ServiceHost.Serving("yolox-nano-dynamic", ("Inference:MaxBatchSize", "3"));
        using var client = await server.ReadyClientAsync();
        var (runsBefore, imagesBefore) = await BatchSizeMetric.ReadAsync(client);

        var dog = Convert.ToBase64String(File.ReadAllBytes(SharedAssets.Image("dog.jpg")));
        using var batch = await PostAsync(client, $$"""{"instances": [{{string.Join(", ", Enumerable.Repeat($$"""{"image": "{{dog}}"}""", 7))}}]}""");
        var (runsAfter, imagesAfter) = await BatchSizeMetric.ReadAsync(client);

        Assert.Equal((3, 7), (runsAfter - runsBefore, imagesAfter - imagesBefore));
    }

    private static async Task<JsonDocument> PostAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/invocations", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }
}
