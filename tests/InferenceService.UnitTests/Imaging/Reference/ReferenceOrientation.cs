using InferenceService.Imaging;
using SkiaSharp;

namespace InferenceService.UnitTests.Imaging.Reference;

/// <summary>The EXIF orientation the service applied before the fused writer: a rotated copy drawn by a canvas.</summary>
public static class ReferenceOrientation
{
    public static SKBitmap ToUpright(SKBitmap stored, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return stored;
        }

        var swap = ImageOrientation.SwapsAxes(origin);
        var w = swap ? stored.Height : stored.Width;
        var h = swap ? stored.Width : stored.Height;
        var upright = new SKBitmap(new SKImageInfo(w, h, stored.ColorType, stored.AlphaType, stored.ColorSpace));
        using (var canvas = new SKCanvas(upright))
        {
            canvas.SetMatrix(OriginMatrix(origin, stored.Width, stored.Height));
            using var image = SKImage.FromBitmap(stored);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }

        stored.Dispose();
        return upright;
    }

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
