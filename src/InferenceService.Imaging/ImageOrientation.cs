using SkiaSharp;

namespace InferenceService.Imaging;

/// <summary>EXIF orientation handling: Skia reports the origin but never applies it.</summary>
public static class ImageOrientation
{
    /// <summary>True when the upright image is the stored one with width and height swapped.</summary>
    public static bool SwapsAxes(SKEncodedOrigin origin) => origin is
        SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>
    /// The rectangle of the stored image (<paramref name="storedWidth"/> × <paramref name="storedHeight"/>) that
    /// becomes <paramref name="upright"/> once turned upright: integer arithmetic, so a crop taken before turning
    /// holds exactly the pixels of the same crop taken after.
    /// </summary>
    public static SKRectI ToStored(SKRectI upright, SKEncodedOrigin origin, int storedWidth, int storedHeight)
    {
        var r = SwapsAxes(origin) ? new SKRectI(upright.Top, upright.Left, upright.Bottom, upright.Right) : upright;
        if (origin is SKEncodedOrigin.TopRight or SKEncodedOrigin.BottomRight or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom)
        {
            r = new SKRectI(storedWidth - r.Right, r.Top, storedWidth - r.Left, r.Bottom);
        }

        if (origin is SKEncodedOrigin.BottomRight or SKEncodedOrigin.BottomLeft or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom)
        {
            r = new SKRectI(r.Left, storedHeight - r.Bottom, r.Right, storedHeight - r.Top);
        }

        return r;
    }

    /// <summary>Returns the upright version of <paramref name="stored"/>, or the same bitmap when the origin is top-left.</summary>
    public static SKBitmap ToUpright(SKBitmap stored, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return stored;
        }

        var swap = SwapsAxes(origin);
        var w = swap ? stored.Height : stored.Width;
        var h = swap ? stored.Width : stored.Height;
        var upright = new SKBitmap(new SKImageInfo(w, h, stored.ColorType, stored.AlphaType, stored.ColorSpace));
        using (var canvas = new SKCanvas(upright))
        {
            canvas.SetMatrix(OriginMatrix(origin, stored.Width, stored.Height));
            // Rotations and flips by whole pixels: nearest sampling moves pixels exactly.
            using var image = SKImage.FromBitmap(stored);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }

        stored.Dispose();
        return upright;
    }

    /// <summary>Maps stored pixel coordinates to upright ones (the EXIF 1–8 cases).</summary>
    private static SKMatrix OriginMatrix(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}
