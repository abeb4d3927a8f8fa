using InferenceService.Imaging.Resampling;
using SkiaSharp;

namespace InferenceService.Imaging;

/// <summary>The upright image as a bitmap to draw on (annotated answers): decoded and resampled as a model's input is.</summary>
public sealed partial class ImageSource
{
    /// <summary>Decodes the whole image, upright, at full resolution.</summary>
    public SKBitmap DecodeUpright() => DecodeUpright(Width, Height, CancellationToken.None);

    /// <summary>
    /// Decodes the upright image resized to <paramref name="width"/> × <paramref name="height"/> (JPEGs at a DCT
    /// scale, then bilinear), through the same resampler and orientation mapping as a model's input.
    /// </summary>
    public unsafe SKBitmap DecodeUpright(int width, int height, CancellationToken cancellationToken)
    {
        using var decoded = DecodeFor(width, height, ResizeFilter.Bilinear);
        var swap = ImageOrientation.SwapsAxes(Origin);
        var (storedW, storedH) = swap ? (height, width) : (width, height);
        var placement = OrientedPlacement.For(Origin, storedW, storedH, SKRectI.Create(storedW, storedH));
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, decoded.AlphaType, Srgb));
        try
        {
            var place = placement.Linear(bitmap.RowBytes / 4, 0, 0);
            if (decoded.Width == storedW && decoded.Height == storedH)
            {
                // Drawn at the size it decodes to (the usual annotated answer): a resample would give the same pixels.
                PlaceUnscaled(decoded, (uint*)bitmap.GetPixels(), place, cancellationToken);
                return bitmap;
            }

            var columns = ResampleTaps.For(ResizeFilter.Bilinear, decoded.Width, storedW, 0, storedW);
            var rows = ResampleTaps.For(ResizeFilter.Bilinear, decoded.Height, storedH, 0, storedH);
            var sink = new BitmapRowSink((byte*)bitmap.GetPixels(), place);
            SeparableResampler.Resample(decoded, columns, rows, roundBetweenPasses: false, sink, parallelism: 1, cancellationToken);
            return bitmap;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    /// <summary>Each decoded pixel to its upright position, whole (four bytes at once).</summary>
    private static unsafe void PlaceUnscaled(DecodedPixels decoded, uint* upright, (long Start, long PixelStep, long RowStep) place, CancellationToken cancellationToken)
    {
        fixed (byte* pixels = decoded.Pixels)
        {
            var source = (uint*)pixels;
            for (var y = 0; y < decoded.Height; y++)
            {
                if (y % 64 == 0) cancellationToken.ThrowIfCancellationRequested();
                var at = place.Start + y * place.RowStep;
                var row = source + (long)y * decoded.Width;
                for (var x = 0; x < decoded.Width; x++, at += place.PixelStep)
                {
                    upright[at] = row[x];
                }
            }
        }
    }

    /// <summary>Writes resampled rows as RGBA8888 pixels at their upright positions.</summary>
    private readonly unsafe struct BitmapRowSink(byte* pixels, (long Start, long PixelStep, long RowStep) place) : IResampledRowSink
    {
        public int Channels => 4;

        public void Write(int row, ReadOnlySpan<float> planes, int width)
        {
            var at = place.Start + row * place.RowStep;
            for (var x = 0; x < width; x++, at += place.PixelStep)
            {
                var p = pixels + at * 4;
                p[0] = (byte)planes[x];
                p[1] = (byte)planes[width + x];
                p[2] = (byte)planes[2 * width + x];
                p[3] = (byte)planes[3 * width + x];
            }
        }
    }
}
