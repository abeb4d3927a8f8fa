using InferenceService.Imaging;
using SkiaSharp;

namespace InferenceService.UnitTests.Imaging;

/// <summary>CMYK JPEGs (what print workflows export) decode to the colours they show, not to inverted or grey ones.</summary>
public sealed class CmykJpegTests
{
    [Theory]
    [InlineData(24, 24, 0x20, 0xC0, 0x40)] // the green square
    [InlineData(80, 2, 0xD0, 0x20, 0x20)] // the red top of the gradient
    [InlineData(80, 61, 0x20, 0x40, 0xD0)] // the blue bottom
    public void A_CMYK_JPEG_decodes_upright_to_its_drawn_colours(int x, int y, int r, int g, int b)
    {
        using var source = ImageSource.Open(TestImages.CmykJpeg(), new ImageLimits());
        using var upright = source.DecodeUpright();

        Assert.Equal((96, 64), (upright.Width, upright.Height));
        var pixel = upright.GetPixel(x, y);
        // CMYK round trips lose a little (ImageMagick's naive conversion, JPEG at quality 80).
        const int tolerance = 40;
        Assert.True(
            Math.Abs(pixel.Red - r) <= tolerance && Math.Abs(pixel.Green - g) <= tolerance && Math.Abs(pixel.Blue - b) <= tolerance,
            $"pixel ({x},{y}) is {pixel}, expected about #{r:X2}{g:X2}{b:X2}");
    }
}
