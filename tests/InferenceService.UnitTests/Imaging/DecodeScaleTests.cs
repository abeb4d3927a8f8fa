using InferenceService.Imaging;
using InferenceService.Imaging.Resampling;

namespace InferenceService.UnitTests.Imaging;

/// <summary>
/// A JPEG is decoded at the smallest eighth that still covers the model's input. Skia rounds a requested scale to
/// the nearest eighth, which for dog.jpg into 416 (0.54 → 4/8, 384 px) fell short and cost a full decode.
/// </summary>
public sealed class DecodeScaleTests
{
    [SharedAssetTheory]
    [InlineData("dog.jpg", 416, 312, ResizeFilter.Bilinear, 480, 360)]     // 5/8, not 768x576
    [InlineData("zidane.jpg", 300, 224, ResizeFilter.Bilinear, 480, 270)]  // 3/8, not 1280x720
    [InlineData("zidane.jpg", 640, 360, ResizeFilter.Bilinear, 640, 360)]  // an exact eighth is enough
    [InlineData("zidane.jpg", 300, 169, ResizeFilter.Antialiased, 640, 360)] // sharp's power of two, halved at 4x
    public void A_JPEG_decodes_at_the_smallest_eighth_covering_the_target(string photo, int width, int height, ResizeFilter filter, int decodedWidth, int decodedHeight)
    {
        using var source = ImageSource.Open(File.ReadAllBytes(SharedAssets.Image(photo)), new ImageLimits());
        using var decoded = source.DecodeFor(width, height, filter);
        Assert.Equal((decodedWidth, decodedHeight), (decoded.Width, decoded.Height));
    }
}
