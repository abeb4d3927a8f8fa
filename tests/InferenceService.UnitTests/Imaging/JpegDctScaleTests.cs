using InferenceService.Imaging;
using InferenceService.Imaging.Resampling;
using SkiaSharp;

namespace InferenceService.UnitTests.Imaging;

/// <summary>
/// The DCT scale rule (<see cref="ImageSource.JpegDctScale"/>) gives the size Skia's JPEG codec picks for the same
/// wanted scale, so TurboJPEG and Skia decode to the same rows and the benchmarks report the scale the service uses.
/// </summary>
public sealed class JpegDctScaleTests
{
    [Theory]
    [InlineData(768, 576)]
    [InlineData(1280, 720)]
    [InlineData(333, 179)]
    [InlineData(17, 9)]
    public void The_bilinear_DCT_scale_is_Skias_nearest_eighth_that_still_covers_the_target(int storedW, int storedH)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(TestImages.Jpeg(storedW, storedH)));
        for (var targetW = 1; targetW <= storedW + 3; targetW += Math.Max(1, storedW / 97))
        {
            var targetH = Math.Max(1, (int)Math.Round(targetW * storedH / (double)storedW));
            var m = ImageSource.JpegDctScale(storedW, storedH, SKEncodedOrigin.TopLeft, targetW, targetH, ResizeFilter.Bilinear);
            var got = ImageSource.JpegScaledSize(storedW, storedH, m);

            // The rule as it was written against Skia: its scaled size when that covers the target, else the full size.
            var scale = Math.Max(targetW / (float)storedW, targetH / (float)storedH);
            var skia = scale < 1f ? codec.GetScaledDimensions(scale) : codec.Info.Size;
            var expected = skia.Width >= targetW && skia.Height >= targetH ? skia : codec.Info.Size;
            Assert.True(expected == got, $"{storedW}x{storedH} to {targetW}x{targetH}: Skia decodes at {expected}, the rule gives {got} ({m}/8)");
        }
    }

    [Theory]
    [InlineData(640, 480, 8)]   // no reduction
    [InlineData(320, 240, 8)]   // exactly 2x: halved to none (libjpeg's 1/2 shifts the image)
    [InlineData(300, 200, 8)]   // 2.1x: its integer part is the factor, halved as well
    [InlineData(200, 150, 4)]   // 3.2x: 1/2
    [InlineData(100, 75, 2)]    // 6.4x: 1/4
    [InlineData(70, 50, 1)]     // 9.1x: 1/8
    public void The_antialiased_DCT_scale_is_sharps_shrink_on_load(int targetW, int targetH, int eighths)
    {
        Assert.Equal(eighths, ImageSource.JpegDctScale(640, 480, SKEncodedOrigin.TopLeft, targetW, targetH, ResizeFilter.Antialiased));
    }

    [Fact]
    public void The_DCT_scale_reads_the_target_in_stored_axes_for_a_turned_image()
    {
        // Stored 1280x720 turned by EXIF 6: an upright 90x160 target is 160x90 stored, an eighth of each side.
        Assert.Equal(1, ImageSource.JpegDctScale(1280, 720, SKEncodedOrigin.RightTop, 90, 160, ResizeFilter.Bilinear));
        Assert.Equal(2, ImageSource.JpegDctScale(1280, 720, SKEncodedOrigin.TopLeft, 90, 160, ResizeFilter.Bilinear));
    }
}
