using InferenceService.Imaging;
using InferenceService.Imaging.Resampling;
using InferenceService.Inference.Preprocessing;
using InferenceService.UnitTests.Imaging.Reference;
using SkiaSharp;

namespace InferenceService.UnitTests.Imaging;

/// <summary>What the two filters do to a model's input, and the annotation bitmap built by the same resampler.</summary>
public sealed class ResamplingFilterTests
{
    private static byte[] Png(int width, int height, Func<int, int, SKColor> colour)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, colour(x, y));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The red plane of a raw uint8 NCHW stretch of <paramref name="png"/> to <paramref name="width"/> × <paramref name="height"/>.</summary>
    private static byte[] Stretch(byte[] png, int width, int height, ResizeFilter filter)
    {
        var spec = new PreprocessSpec { Width = width, Height = height, Resize = ResizeMode.Stretch, ElementType = InputElementType.UInt8, Filter = filter };
        var preprocessor = new ImagePreprocessor(spec);
        using var image = ImageSource.Open(png, new ImageLimits());
        var geometry = preprocessor.GeometryFor(image);
        var tensor = new byte[preprocessor.ElementCount(geometry)];
        preprocessor.WriteBytes(image, geometry, tensor);
        return tensor[..(width * height)];
    }

    [Theory]
    [InlineData(ResizeFilter.Antialiased)]
    [InlineData(ResizeFilter.Bilinear)]
    public void A_uniform_image_keeps_its_colour(ResizeFilter filter)
    {
        var red = Stretch(Png(97, 61, (_, _) => new SKColor(10, 120, 230)), 31, 17, filter);
        Assert.All(red, v => Assert.Equal(10, v));
    }

    [Theory]
    [InlineData(ResizeFilter.Antialiased)]
    [InlineData(ResizeFilter.Bilinear)] // past 2x the bilinear filter widens its taps, as Skia's mipmaps did
    public void One_pixel_stripes_reduced_3x_average_to_grey_instead_of_aliasing(ResizeFilter filter)
    {
        var red = Stretch(Png(300, 8, (x, _) => x % 2 == 0 ? SKColors.White : SKColors.Black), 100, 8, filter);
        // The tent spans 6 source pixels: every output mixes black and white (128 ± the 1/3 imbalance of an odd window).
        Assert.All(Enumerable.Range(1, 98), x => Assert.InRange(red[4 * 100 + x], 100, 156));
    }

    [SharedAssetTheory]
    [InlineData("exif-1")]
    [InlineData("exif-2")]
    [InlineData("exif-3")]
    [InlineData("exif-4")]
    [InlineData("exif-5")]
    [InlineData("exif-6")]
    [InlineData("exif-7")]
    [InlineData("exif-8")]
    [InlineData("transparent-png")]
    public void The_bitmap_drawn_on_is_the_canvas_paths_upright_resize_within_one_level(string name) =>
        AssertUprightWithinOneLevel(name, 3, 5);

    [SharedAssetTheory]
    [InlineData("exif-1")]
    [InlineData("exif-3")]
    [InlineData("exif-5")]
    [InlineData("exif-6")]
    [InlineData("exif-8")]
    [InlineData("transparent-png")]
    public void The_bitmap_drawn_on_at_full_size_is_the_canvas_paths_upright_image_within_one_level(string name) =>
        AssertUprightWithinOneLevel(name, 1, 1);

    private static void AssertUprightWithinOneLevel(string name, int numerator, int denominator)
    {
        var encoded = EquivalenceImages.Load(name);
        using var source = ImageSource.Open(encoded, new ImageLimits());
        using var reference = new ReferenceImage(encoded);
        var (width, height) = (source.Width * numerator / denominator, source.Height * numerator / denominator);
        using var got = source.DecodeUpright(width, height, CancellationToken.None);
        using var expected = reference.DecodeResized(width, height, SKRectI.Create(width, height), ResizeFilter.Bilinear);
        Assert.Equal((width, height), (got.Width, got.Height));
        var worst = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                SKColor a = got.GetPixel(x, y), b = expected.GetPixel(x, y);
                worst = Math.Max(worst, new[] { a.Red - b.Red, a.Green - b.Green, a.Blue - b.Blue, a.Alpha - b.Alpha }.Max(Math.Abs));
            }
        }

        Assert.True(worst <= 1, $"{name}: a channel differs by {worst}");
    }
}
