using InferenceService.Imaging;
using InferenceService.Imaging.Resampling;
using SkiaSharp;

namespace InferenceService.UnitTests.Imaging;

public sealed class TriangleResamplerTests
{
    private static SKBitmap Stripes(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, x % 2 == 0 ? SKColors.White : SKColors.Black);
            }
        }

        return bitmap;
    }

    [Fact]
    public void A_uniform_image_keeps_its_colour()
    {
        using var source = new SKBitmap(new SKImageInfo(97, 61, SKColorType.Rgba8888, SKAlphaType.Opaque));
        source.Erase(new SKColor(10, 120, 230));
        using var resized = TriangleResampler.Resize(source, 31, 17);
        Assert.Equal(31, resized.Width);
        Assert.Equal(17, resized.Height);
        Assert.All(Enumerable.Range(0, 31), x => Assert.Equal(new SKColor(10, 120, 230), resized.GetPixel(x, 8)));
    }

    [Fact]
    public void One_pixel_stripes_reduced_3x_average_to_grey_instead_of_aliasing()
    {
        using var source = Stripes(300, 8);
        using var resized = TriangleResampler.Resize(source, 100, 8);
        // The tent spans 6 source pixels: every output mixes black and white (128 ± the 1/3 imbalance of an odd window).
        Assert.All(Enumerable.Range(1, 98), x => Assert.InRange(resized.GetPixel(x, 4).Red, 100, 156));
    }

    [Fact]
    public void DecodeResized_antialiased_gives_the_exact_size_and_keeps_the_default_bilinear_path()
    {
        using var source = Stripes(400, 300);
        using var data = source.Encode(SKEncodedImageFormat.Jpeg, 95);
        using var image = ImageSource.Open(data.ToArray(), new ImageLimits());
        using var antialiased = image.DecodeResized(133, 100, ResizeFilter.Antialiased);
        using var bilinear = image.DecodeResized(133, 100);
        Assert.Equal((133, 100), (antialiased.Width, antialiased.Height));
        Assert.Equal((133, 100), (bilinear.Width, bilinear.Height));
        var spread = Enumerable.Range(1, 131).Select(x => (int)antialiased.GetPixel(x, 50).Red).ToList();
        Assert.True(spread.Max() - spread.Min() < 60, $"antialiased output still shows stripes: {spread.Min()}..{spread.Max()}");
    }
}
