using InferenceService.Imaging;
using InferenceService.Imaging.Resampling;
using InferenceService.Inference.Preprocessing;
using SkiaSharp;

namespace InferenceService.UnitTests.Imaging;

/// <summary>
/// Resampling only the part of a resize that lands in the tensor: the same pixels as cropping the whole resize,
/// at the cost of the window, and stoppable by the request's deadline.
/// </summary>
public sealed class WindowedResizeTests
{
    private static byte[] NoisePng(int width, int height, int seed = 7)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        new Random(seed).NextBytes(pixels);
        for (var i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 255;
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Collects the resampled planes of every window row.</summary>
    private readonly struct CollectingSink(float[][] rows) : IResampledRowSink
    {
        public int Channels => 3;

        public void Write(int row, ReadOnlySpan<float> planes, int width) => rows[row] = planes.ToArray();
    }

    private static float[][] Resample(DecodedPixels decoded, ResizeFilter filter, int width, int height, SKRectI window, CancellationToken cancellationToken = default)
    {
        var rows = new float[window.Height][];
        SeparableResampler.Resample(
            decoded,
            ResampleTaps.For(filter, decoded.Width, width, window.Left, window.Width),
            ResampleTaps.For(filter, decoded.Height, height, window.Top, window.Height),
            filter == ResizeFilter.Antialiased,
            new CollectingSink(rows),
            parallelism: 1,
            cancellationToken);
        return rows;
    }

    [Theory]
    [InlineData(150, 40, ResizeFilter.Antialiased)] // wider (enlarged) and shorter (reduced)
    [InlineData(31, 17, ResizeFilter.Antialiased)]  // reduced both ways
    [InlineData(400, 300, ResizeFilter.Antialiased)] // enlarged both ways
    [InlineData(150, 40, ResizeFilter.Bilinear)]
    [InlineData(31, 17, ResizeFilter.Bilinear)]     // reduced past 2x: triangle taps
    [InlineData(400, 300, ResizeFilter.Bilinear)]
    public void A_window_of_the_resize_is_exactly_the_crop_of_the_whole_resize(int width, int height, ResizeFilter filter)
    {
        using var source = ImageSource.Open(NoisePng(97, 61), new ImageLimits());
        using var decoded = source.DecodeFor(97, 61, filter);
        var whole = Resample(decoded, filter, width, height, SKRectI.Create(width, height));
        var window = new SKRectI(width / 5, height / 4, width - width / 7, height - height / 6);
        var part = Resample(decoded, filter, width, height, window);
        for (var y = 0; y < window.Height; y++)
        {
            for (var c = 0; c < 3; c++)
            {
                var expected = whole[window.Top + y].AsSpan(c * width + window.Left, window.Width);
                Assert.True(expected.SequenceEqual(part[y].AsSpan(c * window.Width, window.Width)), $"row {y} channel {c} of {window}");
            }
        }
    }

    [Fact]
    public void A_1x8000_image_cropped_for_a_classifier_resamples_only_the_224_square_it_shows()
    {
        var spec = new PreprocessSpec { Width = 224, Height = 224, Resize = ResizeMode.ShorterSideCenterCrop, Filter = ResizeFilter.Antialiased };
        var preprocessor = new ImagePreprocessor(spec);
        using var image = ImageSource.Open(TestImages.Encode(1, 8000, SKEncodedImageFormat.Png), new ImageLimits());
        var geometry = preprocessor.GeometryFor(image);
        Assert.Equal((256, 2_048_000), (geometry.ResizedWidth, geometry.ResizedHeight));
        var tensor = new float[preprocessor.ElementCount(geometry)];
        preprocessor.WriteFloat(image, geometry, tensor);
        // A 1-pixel-wide source enlarged across: every tensor row is one colour.
        Assert.All(Enumerable.Range(0, 3 * 224), row => Assert.Equal(tensor[row * 224], tensor[row * 224 + 223]));
    }

    [Fact]
    public void A_cancelled_token_stops_the_resampler_before_its_first_row()
    {
        using var source = ImageSource.Open(NoisePng(64, 64), new ImageLimits());
        using var decoded = source.DecodeFor(64, 64, ResizeFilter.Antialiased);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() =>
            Resample(decoded, ResizeFilter.Antialiased, 256, 256, SKRectI.Create(256, 256), cancelled.Token));
    }

    [Fact]
    public void A_cancelled_token_stops_preprocessing_before_it_decodes()
    {
        var spec = new PreprocessSpec { Width = 224, Height = 224, Resize = ResizeMode.ShorterSideCenterCrop, Filter = ResizeFilter.Antialiased };
        var preprocessor = new ImagePreprocessor(spec);
        using var image = ImageSource.Open(TestImages.Encode(1, 8000, SKEncodedImageFormat.Png), new ImageLimits());
        var geometry = preprocessor.GeometryFor(image);
        var tensor = new float[preprocessor.ElementCount(geometry)];
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => preprocessor.WriteFloat(image, geometry, tensor, cancelled.Token));
        Assert.All(tensor, v => Assert.Equal(0f, v));
    }
}
