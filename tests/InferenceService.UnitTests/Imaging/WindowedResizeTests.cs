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
    private static SKBitmap Noise(int width, int height, int seed = 7)
    {
        var random = new Random(seed);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        random.NextBytes(pixels);
        for (var i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 255;
        }

        return bitmap;
    }

    /// <summary>Exact unless <paramref name="tolerance"/> allows each channel to differ by that much.</summary>
    private static void AssertSamePixels(SKBitmap whole, SKRectI window, SKBitmap part, string what = "", int tolerance = 0)
    {
        Assert.Equal((window.Width, window.Height), (part.Width, part.Height));
        for (var y = 0; y < window.Height; y++)
        {
            for (var x = 0; x < window.Width; x++)
            {
                var expected = whole.GetPixel(window.Left + x, window.Top + y);
                var got = part.GetPixel(x, y);
                var close = Math.Abs(expected.Red - got.Red) <= tolerance && Math.Abs(expected.Green - got.Green) <= tolerance
                    && Math.Abs(expected.Blue - got.Blue) <= tolerance && expected.Alpha == got.Alpha;
                Assert.True(close, $"{what} pixel ({x}, {y}) of {window}: {got}, cropping the whole gives {expected}");
            }
        }
    }

    [Theory]
    [InlineData(150, 40)] // wider (enlarged) and shorter (reduced)
    [InlineData(31, 17)]  // reduced both ways
    [InlineData(400, 300)] // enlarged both ways
    public void A_window_of_the_antialiased_resize_is_the_crop_of_the_whole_resize(int width, int height)
    {
        using var source = Noise(97, 61);
        using var whole = TriangleResampler.Resize(source, width, height);
        var window = new SKRectI(width / 5, height / 4, width - width / 7, height - height / 6);
        using var part = TriangleResampler.Resize(source, width, height, window, CancellationToken.None);
        AssertSamePixels(whole, window, part);
    }

    [SharedAssetTheory]
    [InlineData("bus.jpg")]
    [InlineData("cat.jpg")]
    [InlineData("dog.jpg")]
    [InlineData("eagle.jpg")]
    [InlineData("giraffe.jpg")]
    [InlineData("horses.jpg")]
    [InlineData("zidane.jpg")]
    public void A_classifier_sees_exactly_the_pixels_the_whole_resize_then_crop_gave(string photo)
    {
        var spec = new PreprocessSpec { Width = 224, Height = 224, Resize = ResizeMode.ShorterSideCenterCrop, ResizeShorterSide = 256 };
        using var image = ImageSource.Open(File.ReadAllBytes(SharedAssets.Image(photo)), new ImageLimits());
        var g = InputGeometry.For(spec, image.Width, image.Height);
        using var whole = image.DecodeResized(g.ResizedWidth, g.ResizedHeight, ResizeFilter.Antialiased);
        using var part = image.DecodeResized(g.ResizedWidth, g.ResizedHeight, g.Visible, ResizeFilter.Antialiased, CancellationToken.None);
        AssertSamePixels(whole, g.Visible, part, photo);
    }

    [Fact]
    public void A_1x8000_image_resamples_a_224_square_not_its_256x2048000_resize()
    {
        using var source = Noise(1, 8000);
        var window = SKRectI.Create(16, 1_023_888, 224, 224);
        using var part = TriangleResampler.Resize(source, 256, 2_048_000, window, CancellationToken.None);
        Assert.Equal((224, 224), (part.Width, part.Height));
        // A 1-pixel-wide source enlarged across: every row is one colour.
        Assert.All(Enumerable.Range(0, 224), y => Assert.Equal(part.GetPixel(0, y), part.GetPixel(223, y)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Every_exif_orientation_decodes_the_same_window_as_cropping_the_upright_resize(int orientation)
    {
        using var stored = Noise(90, 50, orientation);
        var jpeg = ExifJpeg.WithOrientation(ExifJpeg.Encode(stored), orientation);
        using var image = ImageSource.Open(jpeg, new ImageLimits());
        var (width, height) = (image.Width * 3 / 2, image.Height * 3 / 2);
        var window = new SKRectI(width / 6, height / 3, width - width / 4, height - 5);
        foreach (var filter in new[] { ResizeFilter.Antialiased, ResizeFilter.Bilinear })
        {
            using var whole = image.DecodeResized(width, height, filter);
            using var part = image.DecodeResized(width, height, window, filter, CancellationToken.None);
            // Skia's bilinear sampling of a translated draw may round a channel the other way (only manifests that
            // pair bilinear with a crop take this path); the antialiased resampler's arithmetic is the same.
            AssertSamePixels(whole, window, part, filter.ToString(), filter == ResizeFilter.Bilinear ? 1 : 0);
        }
    }

    [Fact]
    public void A_cancelled_token_stops_the_resampler_between_row_bands()
    {
        using var source = Noise(64, 64);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() =>
            TriangleResampler.Resize(source, 256, 256, SKRectI.Create(256, 256), cancelled.Token));
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
