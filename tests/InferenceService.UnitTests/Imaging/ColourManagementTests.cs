using InferenceService.Imaging;
using SkiaSharp;

namespace InferenceService.UnitTests.Imaging;

/// <summary>bus.jpg embeds an ICC profile: the service must see its pixels converted to sRGB, as a browser shows them.</summary>
public sealed class ColourManagementTests
{
    [SharedAssetFact]
    public void Decoding_converts_an_embedded_ICC_profile_to_sRGB()
    {
        var bytes = File.ReadAllBytes(SharedAssets.Image("bus.jpg"));
        using var codec = SKCodec.Create(new SKMemoryStream(bytes));
        Assert.NotNull(codec.Info.ColorSpace);
        Assert.False(codec.Info.ColorSpace!.IsSrgb, "bus.jpg is expected to carry a non-sRGB profile");

        // Explicitly: decode in the image's own colour space, then let Skia convert to sRGB.
        var native = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Opaque, codec.Info.ColorSpace);
        using var nativeBitmap = new SKBitmap(native);
        Assert.Equal(SKCodecResult.Success, codec.GetPixels(native, nativeBitmap.GetPixels()));
        using var converted = new SKBitmap(native.WithColorSpace(SKColorSpace.CreateSrgb()));
        Assert.True(nativeBitmap.PeekPixels().ReadPixels(converted.PeekPixels()));

        using var source = ImageSource.Open(bytes, new ImageLimits());
        using var decoded = source.DecodeUpright();

        var unconverted = MaxDifference(nativeBitmap, converted, out _);
        var difference = MaxDifference(decoded, converted, out var mean);
        Assert.True(unconverted >= 8, $"the profile barely changes the pixels (max {unconverted}); the test could not tell");
        Assert.True(difference <= 2 && mean < 0.5, $"decode differs from the sRGB conversion by up to {difference} (mean {mean:F3})");
    }

    private static int MaxDifference(SKBitmap a, SKBitmap b, out double mean)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        var pa = a.GetPixelSpan();
        var pb = b.GetPixelSpan();
        int max = 0;
        long sum = 0, count = 0;
        for (var i = 0; i < pa.Length; i += 4)
        {
            for (var c = 0; c < 3; c++)
            {
                var d = Math.Abs(pa[i + c] - pb[i + c]);
                max = Math.Max(max, d);
                sum += d;
                count++;
            }
        }

        mean = sum / (double)count;
        return max;
    }
}
