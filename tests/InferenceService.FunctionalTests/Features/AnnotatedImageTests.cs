using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using InferenceService.Imaging.Rendering;
using InferenceService.FunctionalTests.Support;
using SkiaSharp;

namespace InferenceService.FunctionalTests.Features;

public sealed class AnnotatedImageTests(YoloxNanoService nano, YoloxNanoTfodService tfod)
    : IClassFixture<YoloxNanoService>, IClassFixture<YoloxNanoTfodService>
{
    [SharedAssetTheory]
    [InlineData("yolox-nano", "dog.jpg")]
    [InlineData("yolox-nano-tfod", "bus.jpg")]
    public async Task Png_answer_is_the_same_size_with_class_coloured_pixels_along_each_returned_box(string model, string photo)
    {
        var client = (model == "yolox-nano" ? (ModelHost)nano : tfod).Client;
        var bytes = await File.ReadAllBytesAsync(SharedAssets.Image(photo));

        using var json = JsonDocument.Parse(await (await client.PostAsync("/invocations", Raw(bytes))).Content.ReadAsStringAsync());
        var boxes = json.RootElement.GetProperty("boxes").EnumerateArray().Select(b => b.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        var ids = json.RootElement.GetProperty("class_ids").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.NotEmpty(boxes);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = Raw(bytes) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/png"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var annotated = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(json.RootElement.GetProperty("width").GetInt32(), annotated.Width);
        Assert.Equal(json.RootElement.GetProperty("height").GetInt32(), annotated.Height);
        for (var i = 0; i < boxes.Length; i++)
        {
            var share = ShareOfEdgeInColour(annotated, boxes[i], AnnotationPalette.For(ids[i]));
            Assert.True(share >= 0.6, $"Box {i} ({string.Join(",", boxes[i])}) has only {share:P0} of its edge in its class colour.");
        }
    }

    [SharedAssetFact]
    public async Task Jpeg_answer_decodes_to_the_upright_size()
    {
        using var server = ServiceHost.Serving("yolox-nano", ("Annotation:JpegQuality", "70"));
        using var client = await server.ReadyClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = Raw(await File.ReadAllBytesAsync(SharedAssets.Image("zidane.jpg"))) };
        request.Headers.Accept.ParseAdd("image/jpeg");
        using var response = await client.SendAsync(request);

        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        using var codec = SKCodec.Create(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
        using var original = SKCodec.Create(SharedAssets.Image("zidane.jpg"));
        Assert.Equal(original.Info.Size, codec.Info.Size);
    }

    [SharedAssetFact]
    public async Task Unproducible_accept_is_406()
    {
        var client = nano.Client;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = Raw(await File.ReadAllBytesAsync(SharedAssets.Image("dog.jpg"))) };
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Contains("image/jpeg", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Classifier_annotations_without_boxes_draw_a_banner_at_the_top()
    {
        using var renderer = new AnnotationRenderer(AnnotationFont.Load(null));
        using var bitmap = new SKBitmap(320, 240);
        bitmap.Erase(SKColors.Black);
        var png = renderer.Render(bitmap, [new Annotation("tabby cat", 0.87f, 3)], AnnotatedImageFormat.Png);
        using var drawn = SKBitmap.Decode(png);

        Assert.Equal(AnnotationPalette.For(3), drawn.GetPixel(1, 1));
        Assert.Equal(SKColors.Black, drawn.GetPixel(1, 200));
        Assert.Equal("tabby cat 87%", AnnotationRenderer.Caption(new Annotation("tabby cat", 0.87f, 3)));
    }

    [Fact]
    public void The_shipped_font_has_glyphs_and_a_missing_configured_font_fails_fast()
    {
        Assert.True(File.Exists(AnnotationFont.ShippedPath));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(AnnotationFont.ShippedPath)!, "DejaVuSans.copyright")));
        using var shipped = AnnotationFont.Load(AnnotationFont.ShippedPath);
        Assert.True(shipped.GlyphCount > 0);
        Assert.Throws<FileNotFoundException>(() => AnnotationFont.Load("/nonexistent/font.ttf"));
        var empty = Path.GetTempFileName();
        try
        {
            Assert.Throws<InvalidDataException>(() => AnnotationFont.Load(empty));
        }
        finally
        {
            File.Delete(empty);
        }
    }

    private static ByteArrayContent Raw(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return content;
    }

    /// <summary>The share of points sampled along the box outline that have the colour within 2 px.</summary>
    private static double ShareOfEdgeInColour(SKBitmap image, float[] box, SKColor colour)
    {
        var points = new List<(int X, int Y)>();
        for (var t = 0.1f; t <= 0.9f; t += 0.1f)
        {
            var x = (int)(box[0] + t * (box[2] - box[0]));
            var y = (int)(box[1] + t * (box[3] - box[1]));
            points.AddRange([(x, (int)box[1]), (x, (int)box[3]), ((int)box[0], y), ((int)box[2], y)]);
        }

        var hits = points.Count(p => Near(image, p.X, p.Y, colour));
        return hits / (double)points.Count;
    }

    private static bool Near(SKBitmap image, int cx, int cy, SKColor colour)
    {
        for (var y = Math.Max(0, cy - 2); y <= Math.Min(image.Height - 1, cy + 2); y++)
        {
            for (var x = Math.Max(0, cx - 2); x <= Math.Min(image.Width - 1, cx + 2); x++)
            {
                var p = image.GetPixel(x, y);
                if (Math.Abs(p.Red - colour.Red) + Math.Abs(p.Green - colour.Green) + Math.Abs(p.Blue - colour.Blue) < 30)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
