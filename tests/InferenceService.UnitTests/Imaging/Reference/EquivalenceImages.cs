using SkiaSharp;

namespace InferenceService.UnitTests.Imaging.Reference;

/// <summary>
/// The images the fused writer is compared on: every shared photo, a photo under each of the 8 EXIF orientations,
/// and one image per other decoder path (PNG, WebP, BMP, GIF, CMYK JPEG, transparency).
/// </summary>
public static class EquivalenceImages
{
    public static readonly string[] Photos = ["bus.jpg", "cat.jpg", "dog.jpg", "eagle.jpg", "giraffe.jpg", "horses.jpg", "kite.jpg", "person.jpg", "zidane.jpg"];

    public static readonly string[] Others =
        ["exif-1", "exif-2", "exif-3", "exif-4", "exif-5", "exif-6", "exif-7", "exif-8", "png", "webp", "bmp", "gif", "cmyk", "transparent-png"];

    public static byte[] Load(string name) => name switch
    {
        _ when name.StartsWith("exif-", StringComparison.Ordinal) =>
            // zidane.jpg (1280x720) carries no EXIF of its own: the inserted segment is the only orientation.
            ExifJpeg.WithOrientation(File.ReadAllBytes(SharedAssets.Image("zidane.jpg")), int.Parse(name[5..], System.Globalization.CultureInfo.InvariantCulture)),
        "png" => Reencode("eagle.jpg", SKEncodedImageFormat.Png),
        "webp" => Reencode("horses.jpg", SKEncodedImageFormat.Webp),
        "bmp" => TestImages.Bmp(),
        "gif" => TestImages.AnimatedGif(3, 2),
        "cmyk" => TestImages.CmykJpeg(),
        "transparent-png" => TransparentPng(),
        _ => File.ReadAllBytes(SharedAssets.Image(name)),
    };

    /// <summary>
    /// At half size: reduced under 2× to the test's input, where the canvas path's bilinear draw had no mipmaps (past
    /// 2× it had, and the fused writer widens its taps instead; see ResamplingFilterTests).
    /// </summary>
    private static byte[] Reencode(string photo, SKEncodedImageFormat format)
    {
        using var full = SKBitmap.Decode(SharedAssets.Image(photo));
        using var bitmap = full.Resize(new SKImageInfo(full.Width / 2, full.Height / 2), SKSamplingOptions.Default);
        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>Alpha from 0 to 255 across a colour gradient: premultiplied decoding must agree in both paths.</summary>
    private static byte[] TransparentPng()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(120, 90, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < 90; y++)
        {
            for (var x = 0; x < 120; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 2), (byte)(y * 2), 200, (byte)(x * 255 / 119)));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
