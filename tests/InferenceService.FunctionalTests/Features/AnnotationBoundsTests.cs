using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using InferenceService.Features.AnnotatedImages;
using InferenceService.Imaging;
using InferenceService.Imaging.Rendering;
using InferenceService.Inference.Families;
using InferenceService.Inference.Pipeline;
using InferenceService.Reliability;
using InferenceService.FunctionalTests.Support;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SkiaSharp;

namespace InferenceService.FunctionalTests.Features;

/// <summary>
/// An annotated answer costs what its upload declares, not what it weighs: a 5 KB 1-bit PNG of 6324 × 6324 is
/// 40 MP once decoded. The answer is bounded (ANNOTATION_MAX_PIXELS), compressed, and made in a worker slot.
/// </summary>
public sealed class AnnotationBoundsTests(YoloxNanoService service) : IClassFixture<YoloxNanoService>
{
    private const int Side = 6324;
    private const long DefaultMaxPixels = 16_000_000;

    private static readonly Lazy<byte[]> HugeOneBitPng = new(() =>
    {
        // Black and white bands: a few KB once deflated, 40 MP once decoded.
        var rowBytes = 1 + (Side + 7) / 8;
        var lines = new byte[rowBytes * Side];
        for (var y = 0; y < Side; y++)
        {
            if (y / 200 % 2 == 0)
            {
                lines.AsSpan(y * rowBytes + 1, rowBytes - 1).Fill(0xFF);
            }
        }

        return TestImages.Png(Side, Side, bitDepth: 1, colorType: 0, lines);
    });

    [SharedAssetTheory]
    [InlineData("image/png")]
    [InlineData("image/jpeg")]
    public async Task Huge_upload_is_annotated_downscaled_to_the_pixel_bound_compressed_and_says_its_scale(string accept)
    {
        var client = service.Client;

        using var response = await client.SendAsync(AnnotatedRequest(accept));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(accept, response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length < 4_000_000, $"The annotated answer is {bytes.Length:N0} bytes.");
        using var codec = SKCodec.Create(new MemoryStream(bytes));
        var pixels = (long)codec.Info.Width * codec.Info.Height;
        Assert.InRange(pixels, DefaultMaxPixels * 99 / 100, DefaultMaxPixels);
        Assert.Equal(codec.Info.Width, codec.Info.Height);
        var scale = double.Parse(Assert.Single(response.Headers.GetValues(AnnotatedImage.ScaleHeader)), CultureInfo.InvariantCulture);
        Assert.Equal(codec.Info.Width / (double)Side, scale, 3);
    }

    [SharedAssetFact]
    public async Task Annotating_holds_the_request_worker_slot_until_the_image_is_encoded()
    {
        var stage = new SignallingStage();
        using var host = ServiceHost.Serving("yolox-nano", ("Server:Workers", "1"), ("Server:QueueLength", "0"))
            .WithServices(s => s.Replace(ServiceDescriptor.Singleton<IPredictionStage>(stage)));
        var client = await host.ReadyClientAsync();

        var annotated = client.SendAsync(AnnotatedRequest("image/png"));
        await stage.WaitUntilPredictedAsync();

        // The model is done; drawing and encoding 40 MP still occupies the only worker, so there is no room.
        var refused = await client.PostAsync("/invocations", new ByteArrayContent(TestImages.Jpeg()) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await annotated).StatusCode);
    }

    [SharedAssetTheory]
    [InlineData("0")]
    [InlineData("-1")]
    public void A_max_pixels_below_one_stops_the_service_at_start(string value)
    {
        using var server = ServiceHost.Serving("yolox-nano", ("Annotation:MaxPixels", value));

        var error = Assert.ThrowsAny<Exception>(() => server.CreateClient());
        Assert.Contains("ANNOTATION_MAX_PIXELS", error.ToString());
    }

    [Fact]
    public void Annotated_png_is_compressed()
    {
        using var renderer = new AnnotationRenderer(AnnotationFont.Load(null));
        using var bitmap = new SKBitmap(2000, 2000);
        bitmap.Erase(SKColors.Black);

        var png = renderer.Render(bitmap, [new Annotation("cat", 0.9f, 1, new AnnotationBox(100, 100, 900, 900))], AnnotatedImageFormat.Png);

        // Stored without compression this is 12 MB (3 bytes a pixel).
        Assert.True(png.Length < 200_000, $"The PNG is {png.Length:N0} bytes.");
    }

    [Theory]
    [InlineData(4000, 3000, 16_000_000, 4000, 3000, 1.0)]
    [InlineData(8000, 6000, 12_000_000, 4000, 3000, 0.5)]
    [InlineData(6324, 6324, 16_000_000, 4000, 4000, 0.6325)]
    public void Canvas_fits_the_pixel_bound_keeping_the_aspect(int width, int height, long maxPixels, int expectedWidth, int expectedHeight, double expectedScale)
    {
        var canvas = AnnotationCanvas.Fit(width, height, maxPixels);

        Assert.InRange(canvas.Width, expectedWidth - 1, expectedWidth);
        Assert.InRange(canvas.Height, expectedHeight - 1, expectedHeight);
        Assert.True((long)canvas.Width * canvas.Height <= maxPixels);
        Assert.Equal(expectedScale, canvas.Scale, 4);
        Assert.Equal(new AnnotationBox(10 * (float)canvas.Scale, 20 * (float)canvas.Scale, 30 * (float)canvas.Scale, 40 * (float)canvas.Scale), canvas.Map(new AnnotationBox(10, 20, 30, 40)));
    }

    /// <summary>A POST of the 40 MP 1-bit PNG asking for an annotated answer.</summary>
    internal static HttpRequestMessage AnnotatedRequest(string accept)
    {
        var content = new ByteArrayContent(HugeOneBitPng.Value);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = content };
        request.Headers.Accept.ParseAdd(accept);
        return request;
    }

    /// <summary>Predicts nothing at once and says when it has returned, so a test knows the model part of a request is over.</summary>
    private sealed class SignallingStage : IPredictionStage
    {
        private readonly SemaphoreSlim _predicted = new(0);

        public PredictionResult Run(InferencePipeline pipeline, ImageSource image, PredictionOptions options, CancellationToken cancellationToken)
        {
            _predicted.Release();
            return new PredictionResult(ModelTask.Detection, Side, Side, [], default);
        }

        public Task WaitUntilPredictedAsync() => _predicted.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(t => Assert.True(t.Result, "no request reached the stage"));
    }
}
