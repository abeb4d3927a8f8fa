using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using InferenceService.Imaging.Rendering;
using InferenceService.FunctionalTests.Support;
using SkiaSharp;

namespace InferenceService.FunctionalTests.Features;

/// <summary>
/// A classifier with a dynamic batch dimension (MobileNetV2 int8, input [N,3,224,224]) through every answer form:
/// batches in one Run, SageMaker's built-in classifier JSON and the annotated image with its top-1 banner.
/// </summary>
public sealed class ClassifierFormsTests(MobileNetV2Int8Service classifier, YoloxNanoService detector)
    : IClassFixture<MobileNetV2Int8Service>, IClassFixture<YoloxNanoService>
{
    private static readonly string[] Photos = ["dog.jpg", "bus.jpg", "zidane.jpg"];

    [SharedAssetFact]
    public async Task Instances_on_a_dynamic_batch_classifier_run_in_one_Run_and_answer_like_single_requests()
    {
        var client = classifier.Client;
        var images = Photos.Select(Base64).ToArray();
        var (runsBefore, imagesBefore) = await BatchSizeMetric.ReadAsync(client);

        using var json = await PostJsonAsync(client, "/invocations", Instances(images));
        var (runsAfter, imagesAfter) = await BatchSizeMetric.ReadAsync(client);

        Assert.Equal(1, runsAfter - runsBefore);
        Assert.Equal(images.Length, imagesAfter - imagesBefore);
        var predictions = json.RootElement.GetProperty("predictions").EnumerateArray().ToArray();
        Assert.Equal(images.Length, predictions.Length);
        for (var i = 0; i < images.Length; i++)
        {
            using var single = await PostJsonAsync(client, "/invocations", $$"""{"image": "{{images[i]}}"}""");
            var batched = predictions[i];
            Assert.Equal("classification", batched.GetProperty("task").GetString());
            Assert.Equal(Ints(single.RootElement, "class_ids"), Ints(batched, "class_ids"));
            Assert.NotEmpty(Ints(batched, "class_ids"));
            var expected = Floats(single.RootElement, "confidences");
            var actual = Floats(batched, "confidences");
            for (var k = 0; k < expected.Length; k++)
            {
                Assert.Equal(expected[k], actual[k], 0.002f);
            }
        }
    }

    [SharedAssetFact]
    public async Task Instances_on_a_fixed_batch_detector_loop_one_Run_per_image()
    {
        var client = detector.Client;
        var (runsBefore, imagesBefore) = await BatchSizeMetric.ReadAsync(client);

        using var json = await PostJsonAsync(client, "/invocations", Instances([Base64("dog.jpg"), Base64("bus.jpg")]));
        var (runsAfter, imagesAfter) = await BatchSizeMetric.ReadAsync(client);

        Assert.Equal(2, json.RootElement.GetProperty("predictions").GetArrayLength());
        Assert.Equal(2, runsAfter - runsBefore);
        Assert.Equal(2, imagesAfter - imagesBefore);
    }

    [SharedAssetFact]
    public async Task SageMaker_format_on_a_classifier_gives_every_class_probability_with_the_same_top_1()
    {
        var client = classifier.Client;
        var dog = Base64("dog.jpg");
        using var plain = await PostJsonAsync(client, "/invocations", $$"""{"image": "{{dog}}"}""");

        using var sageMaker = await PostJsonAsync(client, "/invocations?format=sagemaker", $$"""{"image": "{{dog}}"}""");

        var p = Floats(sageMaker.RootElement, "prediction");
        Assert.Equal(1000, p.Length);
        Assert.Equal(1.0, p.Sum(v => (double)v), 0.01);
        Assert.All(p, v => Assert.InRange(v, 0f, 1f));
        var argmax = Array.IndexOf(p, p.Max());
        Assert.Equal(Ints(plain.RootElement, "class_ids")[0], argmax);
        Assert.Equal(Floats(plain.RootElement, "confidences")[0], p[argmax], 0.001f);
    }

    [SharedAssetFact]
    public async Task SageMaker_format_on_a_classifier_batch_gives_a_probability_vector_per_image()
    {
        var client = classifier.Client;

        using var json = await PostJsonAsync(client, "/invocations?format=sagemaker", Instances([Base64("dog.jpg"), Base64("bus.jpg")]));

        var predictions = json.RootElement.GetProperty("predictions").EnumerateArray().ToArray();
        Assert.Equal(2, predictions.Length);
        Assert.All(predictions, item => Assert.Equal(1000, item.GetProperty("prediction").GetArrayLength()));
        Assert.NotEqual(Floats(predictions[0], "prediction"), Floats(predictions[1], "prediction"));
    }

    [SharedAssetFact]
    public async Task Annotated_jpeg_from_a_classifier_is_the_same_size_with_the_top_1_banner_in_its_class_colour()
    {
        var client = classifier.Client;
        var bytes = await File.ReadAllBytesAsync(SharedAssets.Image("dog.jpg"));
        using var plain = await PostJsonAsync(client, "/invocations", $$"""{"image": "{{Convert.ToBase64String(bytes)}}"}""");
        var colour = AnnotationPalette.For(Ints(plain.RootElement, "class_ids")[0]);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        request.Headers.Accept.ParseAdd("image/jpeg");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        using var annotated = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        using var original = SKBitmap.Decode(bytes);
        Assert.Equal((original.Width, original.Height), (annotated.Width, annotated.Height));
        // The banner's top padding (above the text) in the top-left corner is filled with the class colour.
        Assert.True(ShareInColour(annotated, colour) >= 0.9, $"only {ShareInColour(annotated, colour):P0} of the banner strip is {colour}");
        Assert.True(ShareInColour(original, colour) < 0.5, "the photo already has the banner colour there; the test could not tell");
    }

    private static double ShareInColour(SKBitmap bitmap, SKColor colour)
    {
        int inColour = 0, total = 0;
        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 48; x++)
            {
                var p = bitmap.GetPixel(x, y);
                total++;
                if (Math.Abs(p.Red - colour.Red) <= 40 && Math.Abs(p.Green - colour.Green) <= 40 && Math.Abs(p.Blue - colour.Blue) <= 40)
                {
                    inColour++;
                }
            }
        }

        return (double)inColour / total;
    }

    private static string Base64(string photo) => Convert.ToBase64String(File.ReadAllBytes(SharedAssets.Image(photo)));

    private static string Instances(IEnumerable<string> images) =>
        $$"""{"instances": [{{string.Join(", ", images.Select(i => $$"""{"image": "{{i}}"}"""))}}]}""";

    private static async Task<JsonDocument> PostJsonAsync(HttpClient client, string path, string body)
    {
        using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }

    private static int[] Ints(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(v => v.GetInt32()).ToArray();

    private static float[] Floats(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(v => v.GetSingle()).ToArray();
}
