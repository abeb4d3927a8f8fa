using InferenceService.Imaging.Resampling;
using SkiaSharp;

namespace InferenceService.Imaging;

/// <summary>The DCT scale a JPEG is decoded at: the one home of the rule, for both decoders and the benchmarks.</summary>
public sealed partial class ImageSource
{
    /// <summary>
    /// The M of the M/8 scale libjpeg decodes a JPEG stored as <paramref name="storedWidth"/> × <paramref name="storedHeight"/>
    /// at, for an upright target of <paramref name="width"/> × <paramref name="height"/>. With
    /// <see cref="ResizeFilter.Antialiased"/>: sharp/libvips' shrink-on-load power of two. Otherwise: Skia's nearest
    /// eighth to the exact scale when it still covers the target in both axes, else 8 (a full decode).
    /// </summary>
    public static int JpegDctScale(int storedWidth, int storedHeight, SKEncodedOrigin origin, int width, int height, ResizeFilter filter)
    {
        var (targetW, targetH) = ImageOrientation.SwapsAxes(origin) ? (height, width) : (width, height);
        var scale = Math.Max(targetW / (float)storedWidth, targetH / (float)storedHeight);
        if (filter == ResizeFilter.Antialiased)
        {
            return 8 / ShrinkOnLoad(1.0 / scale);
        }

        if (scale >= 1f)
        {
            return 8;
        }

        var m = NearestEighth(scale);
        var size = JpegScaledSize(storedWidth, storedHeight, m);
        return size.Width >= targetW && size.Height >= targetH ? m : 8;
    }

    /// <summary>libjpeg's output size at M/8: each side rounded up (TurboJPEG's TJSCALED).</summary>
    public static SKSizeI JpegScaledSize(int storedWidth, int storedHeight, int eighths) =>
        new((storedWidth * eighths + 7) / 8, (storedHeight * eighths + 7) / 8);

    /// <summary>SkJpegCodec's rounding of a wanted scale to the eighths libjpeg-turbo decodes at (its GetScaledDimensions).</summary>
    private static int NearestEighth(float scale)
    {
        for (var m = 8; m > 1; m--)
        {
            if (scale >= (2 * m - 1) / 16f)
            {
                return m;
            }
        }

        return 1;
    }

    /// <summary>
    /// sharp's shrink-on-load choice: the largest power of two (8, 4, 2) not above the reduction, halved when it
    /// equals the reduction's integer part (libjpeg's rounding of such scales shifts the image).
    /// </summary>
    private static int ShrinkOnLoad(double shrink)
    {
        var factor = shrink >= 8 ? 8 : shrink >= 4 ? 4 : shrink >= 2 ? 2 : 1;
        return factor > 1 && (int)shrink == factor ? factor / 2 : factor;
    }
}
