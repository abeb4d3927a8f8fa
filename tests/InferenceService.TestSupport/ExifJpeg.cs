using SkiaSharp;

namespace InferenceService.TestSupport;

/// <summary>Builds JPEGs the way phones store them: pixels as the sensor saw them plus an EXIF orientation.</summary>
public static class ExifJpeg
{
    /// <summary>
    /// Stores <paramref name="upright"/> rotated so that a viewer honouring EXIF <paramref name="orientation"/>
    /// (6: rotate 90° clockwise to view, 8: 90° anticlockwise) shows it upright again.
    /// </summary>
    public static byte[] Rotated(SKBitmap upright, int orientation, int quality = 95)
    {
        int w = upright.Width, h = upright.Height;
        using var stored = new SKBitmap(new SKImageInfo(h, w, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(stored))
        {
            switch (orientation)
            {
                case 6:
                    // Upright (x, y) lands at (y, w − x): the stored top row is the upright right edge.
                    canvas.Translate(0, w);
                    canvas.RotateDegrees(-90);
                    break;
                case 8:
                    // Upright (x, y) lands at (h − y, x): the stored top row is the upright left edge.
                    canvas.Translate(h, 0);
                    canvas.RotateDegrees(90);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(orientation), orientation, "Only 6 and 8 are built here.");
            }

            using var image = SKImage.FromBitmap(upright);
            canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
        }

        return WithOrientation(Encode(stored, quality), orientation);
    }

    public static byte[] Encode(SKBitmap bitmap, int quality = 95)
    {
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    /// <summary>Inserts an APP1 EXIF segment (big-endian TIFF, one IFD entry 0x0112) right after the SOI marker.</summary>
    public static byte[] WithOrientation(byte[] jpeg, int orientation)
    {
        if (jpeg.Length < 2 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            throw new ArgumentException("Not a JPEG.", nameof(jpeg));
        }

        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, // header, IFD0 at offset 8
            0x00, 0x01,                                               // one entry
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01,           // Orientation, SHORT, count 1
            0x00, (byte)orientation, 0x00, 0x00,                      // value, left-justified
            0x00, 0x00, 0x00, 0x00,                                   // no next IFD
        ];
        byte[] exif = [.. "Exif\0\0"u8, .. tiff];
        var length = exif.Length + 2;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif];
        return [0xFF, 0xD8, .. segment, .. jpeg.AsSpan(2)];
    }
}
