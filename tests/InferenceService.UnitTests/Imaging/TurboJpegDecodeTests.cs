using InferenceService.Imaging;
using InferenceService.Imaging.Resampling;
using InferenceService.UnitTests.Imaging.Reference;
using SkiaSharp;
using Xunit.Abstractions;

namespace InferenceService.UnitTests.Imaging;

/// <summary>
/// TurboJPEG (the system's SIMD libjpeg-turbo) decodes the JPEGs it takes to the pixels Skia's decoder gives at the
/// same DCT scale, and leaves the rest to Skia: CMYK, colour profiles Skia converts, damaged files.
/// </summary>
public sealed class TurboJpegDecodeTests(ITestOutputHelper output)
{
    /// <summary>
    /// Bit-exact: libjpeg-turbo's SIMD IDCT, upsampling and colour conversion reproduce its C code, and every image
    /// here comes out identical at every scale (Debian's 2.1.5 against SkiaSharp 4.155's bundled copy).
    /// </summary>
    private const int Tolerance = 0;

    /// <summary>The shared photos with no profile or the standard sRGB one, and EXIF-rotated copies (bus.jpg carries Display P3).</summary>
    public static TheoryData<string> Jpegs()
    {
        var data = new TheoryData<string>();
        foreach (var name in EquivalenceImages.Photos.Where(p => p != "bus.jpg").Concat(new[] { "exif-3", "exif-6", "exif-8", "grey", "odd-size" }))
        {
            data.Add(name);
        }

        return data;
    }

    [TurboJpegSharedTheory]
    [MemberData(nameof(Jpegs))]
    public void TurboJpeg_decodes_the_pixels_Skia_decodes_at_every_DCT_scale(string name)
    {
        TurboJpegRequirement.AssertAvailable();
        var encoded = Load(name);
        if (name == "grey")
        {
            Assert.Equal(1, FrameComponents(encoded));
        }

        using var source = ImageSource.Open(encoded, new ImageLimits());
        var worst = 0;
        for (var m = 1; m <= 8; m++)
        {
            var stored = ImageSource.JpegScaledSize(source.StoredWidth, source.StoredHeight, m);
            var (w, h) = ImageOrientation.SwapsAxes(source.Origin) ? (stored.Height, stored.Width) : (stored.Width, stored.Height);
            Assert.Equal(m, ImageSource.JpegDctScale(source.StoredWidth, source.StoredHeight, source.Origin, w, h, ResizeFilter.Bilinear));
            using var decoded = source.DecodeFor(w, h, ResizeFilter.Bilinear);
            Assert.Equal(ImageDecoder.TurboJpeg, decoded.DecodedBy);
            Assert.Equal((stored.Width, stored.Height), (decoded.Width, decoded.Height));
            var difference = MaxDifference(decoded.Pixels, SkiaDecode(encoded, stored));
            output.WriteLine($"{name} at {m}/8 ({stored.Width}x{stored.Height}): max difference {difference}");
            worst = Math.Max(worst, difference);
        }

        Assert.True(worst <= Tolerance, $"{name}: TurboJPEG differs from Skia by up to {worst} levels");
    }

    [TurboJpegFact]
    public void A_CMYK_JPEG_is_decoded_by_Skia()
    {
        TurboJpegRequirement.AssertAvailable();
        using var source = ImageSource.Open(TestImages.CmykJpeg(), new ImageLimits());
        using var decoded = source.DecodeFor(source.Width, source.Height, ResizeFilter.Bilinear);
        Assert.Equal(ImageDecoder.Skia, decoded.DecodedBy);
    }

    [TurboJpegSharedTheory]
    [InlineData(ResizeFilter.Bilinear)]
    [InlineData(ResizeFilter.Antialiased)]
    public void A_JPEG_with_a_colour_profile_Skia_converts_is_decoded_by_Skia(ResizeFilter filter)
    {
        TurboJpegRequirement.AssertAvailable();
        using var source = ImageSource.Open(File.ReadAllBytes(SharedAssets.Image("bus.jpg")), new ImageLimits());
        using var decoded = source.DecodeFor(source.Width / 2, source.Height / 2, filter);
        Assert.Equal(ImageDecoder.Skia, decoded.DecodedBy);
    }

    [TurboJpegFact]
    public void A_plain_JPEG_is_decoded_by_TurboJpeg_and_a_PNG_by_Skia()
    {
        TurboJpegRequirement.AssertAvailable();
        using var jpeg = ImageSource.Open(TestImages.Jpeg(320, 240), new ImageLimits());
        using var fromJpeg = jpeg.DecodeFor(160, 120, ResizeFilter.Bilinear);
        Assert.Equal(ImageDecoder.TurboJpeg, fromJpeg.DecodedBy);
        Assert.Equal((160, 120), (fromJpeg.Width, fromJpeg.Height));

        using var png = ImageSource.Open(TestImages.Encode(320, 240, SKEncodedImageFormat.Png), new ImageLimits());
        using var fromPng = png.DecodeFor(160, 120, ResizeFilter.Bilinear);
        Assert.Equal(ImageDecoder.Skia, fromPng.DecodedBy);
    }

    /// <summary>TurboJPEG warns where data runs out; the file then goes to Skia, which refuses it as it always did.</summary>
    [Fact]
    public void A_truncated_JPEG_is_still_refused_as_truncated()
    {
        var whole = TestImages.Jpeg(320, 240);
        using var source = ImageSource.Open(whole[..(whole.Length / 2)], new ImageLimits());
        var refused = Assert.Throws<ImageDecodeException>(() => source.DecodeFor(320, 240, ResizeFilter.Bilinear));
        Assert.Equal(ImageErrorKind.Truncated, refused.Kind);
    }

    private static byte[] Load(string name) => name switch
    {
        "grey" => TestImages.Encode(203, 151, SKEncodedImageFormat.Jpeg, SKColorType.Gray8),
        // Sides that are no multiple of 8 or 16: partial MCUs and rounded-up scaled sizes.
        "odd-size" => TestImages.Jpeg(333, 179),
        _ => EquivalenceImages.Load(name),
    };

    /// <summary>What the decoder did before TurboJPEG: Skia's JPEG codec, at the given DCT-scaled size, into sRGB RGBA8888.</summary>
    private static byte[] SkiaDecode(byte[] encoded, SKSizeI size)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(encoded));
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Opaque, SKColorSpace.CreateSrgb());
        using var bitmap = new SKBitmap(info);
        Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, bitmap.GetPixels()));
        return bitmap.GetPixelSpan().ToArray();
    }

    /// <summary>The component count of the first SOF0-SOF2 frame header (1: greyscale).</summary>
    private static int FrameComponents(byte[] jpeg)
    {
        for (var i = 2; i + 9 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC1 or 0xC2)
            {
                return jpeg[i + 9];
            }
        }

        throw new InvalidDataException("No frame header.");
    }

    private static int MaxDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
