using SkiaSharp;

namespace InferenceService.Imaging.Resampling;

/// <summary>
/// Where the pixels of a stored-orientation window land in an upright buffer: the first pixel's position and the
/// steps to the next pixel of a row and to the next row. EXIF orientation becomes index arithmetic, never a
/// rotated copy.
/// </summary>
public readonly record struct OrientedPlacement(int X0, int Y0, int PixelDx, int PixelDy, int RowDx, int RowDy)
{
    /// <param name="storedWidth">Width of the whole resized image in stored orientation (not just the window).</param>
    public static OrientedPlacement For(SKEncodedOrigin origin, int storedWidth, int storedHeight, SKRectI storedWindow)
    {
        var (x0, y0) = ImageOrientation.ToUpright(storedWindow.Left, storedWindow.Top, origin, storedWidth, storedHeight);
        var (x1, y1) = ImageOrientation.ToUpright(storedWindow.Left + 1, storedWindow.Top, origin, storedWidth, storedHeight);
        var (x2, y2) = ImageOrientation.ToUpright(storedWindow.Left, storedWindow.Top + 1, origin, storedWidth, storedHeight);
        return new(x0, y0, x1 - x0, y1 - y0, x2 - x0, y2 - y0);
    }

    /// <summary>
    /// In a buffer <paramref name="pitch"/> pixels wide where upright pixel (0, 0) is at
    /// (<paramref name="offsetX"/>, <paramref name="offsetY"/>): the index of the window's first pixel, and the index
    /// steps along a row and between rows.
    /// </summary>
    public (long Start, long PixelStep, long RowStep) Linear(int pitch, int offsetX, int offsetY) =>
        ((long)(Y0 + offsetY) * pitch + X0 + offsetX, (long)PixelDy * pitch + PixelDx, (long)RowDy * pitch + RowDx);
}
