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

    /// <summary>
    /// Where pixel (<paramref name="x"/>, <paramref name="y"/>) of a stored <paramref name="storedWidth"/> ×
    /// <paramref name="storedHeight"/> image lands once turned upright (the EXIF 1–8 cases). Affine in x and y, so
    /// callers map one pixel and step from there instead of copying the image turned.
    /// </summary>
    public static (int X, int Y) ToUpright(int x, int y, SKEncodedOrigin origin, int storedWidth, int storedHeight) => origin switch
    {
        SKEncodedOrigin.TopRight => (storedWidth - 1 - x, y),
        SKEncodedOrigin.BottomRight => (storedWidth - 1 - x, storedHeight - 1 - y),
        SKEncodedOrigin.BottomLeft => (x, storedHeight - 1 - y),
        SKEncodedOrigin.LeftTop => (y, x),
        SKEncodedOrigin.RightTop => (storedHeight - 1 - y, x),
        SKEncodedOrigin.RightBottom => (storedHeight - 1 - y, storedWidth - 1 - x),
        SKEncodedOrigin.LeftBottom => (y, storedWidth - 1 - x),
        _ => (x, y),
    };
}
