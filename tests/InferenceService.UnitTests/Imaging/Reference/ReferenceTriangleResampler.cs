using System.Buffers;
using InferenceService.Imaging.Resampling;
using SkiaSharp;

namespace InferenceService.UnitTests.Imaging.Reference;

/// <summary>
/// The triangle resampler the service used before the fused writer, kept as the reference it is compared with.
/// Separable antialiased reduction with a triangle (tent) filter whose radius is the reduction factor, sampled
/// at pixel centres: the "linear" kernel of PIL and libvips. Its taps are the service's own
/// (<see cref="ResampleTaps"/>, held to PIL's output by the antialiased reference test); what this keeps is the old
/// passes: the horizontal one writes an intermediate RGBA buffer rented from the pool, rounded to bytes.
/// </summary>
public static class ReferenceTriangleResampler
{
    /// <summary>Rows (horizontal pass) or columns (vertical pass) filtered between two checks of the token.</summary>
    private const int Band = 64;

    public static SKBitmap Resize(SKBitmap source, int width, int height) =>
        Resize(source, width, height, SKRectI.Create(width, height), CancellationToken.None);

    /// <summary>
    /// Returns only <paramref name="window"/> of the image as if resized to <paramref name="width"/> ×
    /// <paramref name="height"/>: the same pixels as cropping a full resize, at the cost of the window, so an extreme
    /// aspect ratio whose resize would span millions of pixels costs what the crop does. Only the source rows the
    /// window's vertical taps reach are filtered horizontally.
    /// </summary>
    public static SKBitmap Resize(SKBitmap source, int width, int height, SKRectI window, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (source.ColorType != SKColorType.Rgba8888)
        {
            throw new ArgumentException("Expected an RGBA8888 bitmap.", nameof(source));
        }

        if (window.Left < 0 || window.Top < 0 || window.Right > width || window.Bottom > height || window.IsEmpty)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, $"The window must lie inside {width}x{height}.");
        }

        var horizontal = ResampleTaps.For(ResizeFilter.Antialiased, source.Width, width, window.Left, window.Width);
        var vertical = ResampleTaps.For(ResizeFilter.Antialiased, source.Height, height, window.Top, window.Height);
        var (firstRow, rows) = InputRange(vertical);
        var target = new SKBitmap(new SKImageInfo(window.Width, window.Height, SKColorType.Rgba8888, source.AlphaType, source.ColorSpace));
        var rowBytes = window.Width * 4;
        var intermediate = ArrayPool<byte>.Shared.Rent(rowBytes * rows);
        try
        {
            var src = source.GetPixelSpan();
            for (var y = 0; y < rows; y++)
            {
                if (y % Band == 0) cancellationToken.ThrowIfCancellationRequested();
                var line = src.Slice((firstRow + y) * source.RowBytes, source.Width * 4);
                Filter(line, 4, intermediate.AsSpan(y * rowBytes, rowBytes), 4, horizontal);
            }

            var dst = target.GetPixelSpan();
            for (var x = 0; x < window.Width; x++)
            {
                if (x % Band == 0) cancellationToken.ThrowIfCancellationRequested();
                // A column of the intermediate: stride rowBytes; output column stride target.RowBytes.
                FilterColumn(intermediate, rowBytes, x * 4, firstRow, dst, target.RowBytes, vertical);
            }
        }
        catch
        {
            target.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(intermediate);
        }

        return target;
    }

    private static void Filter(ReadOnlySpan<byte> line, int inStride, Span<byte> output, int outStride, ResampleTaps taps)
    {
        for (var o = 0; o < taps.Count; o++)
        {
            var start = taps.Start[o];
            var weights = taps.WeightsOf(o);
            float r = 0, g = 0, b = 0, a = 0;
            var p = start * inStride;
            foreach (var w in weights)
            {
                r += line[p] * w;
                g += line[p + 1] * w;
                b += line[p + 2] * w;
                a += line[p + 3] * w;
                p += inStride;
            }

            var q = o * outStride;
            output[q] = ToByte(r);
            output[q + 1] = ToByte(g);
            output[q + 2] = ToByte(b);
            output[q + 3] = ToByte(a);
        }
    }

    /// <summary>Row <paramref name="firstRow"/> of the source is row 0 of <paramref name="input"/>.</summary>
    private static void FilterColumn(byte[] input, int inRowBytes, int offset, int firstRow, Span<byte> output, int outRowBytes, ResampleTaps taps)
    {
        for (var o = 0; o < taps.Count; o++)
        {
            var weights = taps.WeightsOf(o);
            float r = 0, g = 0, b = 0, a = 0;
            var p = (taps.Start[o] - firstRow) * inRowBytes + offset;
            foreach (var w in weights)
            {
                r += input[p] * w;
                g += input[p + 1] * w;
                b += input[p + 2] * w;
                a += input[p + 3] * w;
                p += inRowBytes;
            }

            var q = o * outRowBytes + offset;
            output[q] = ToByte(r);
            output[q + 1] = ToByte(g);
            output[q + 2] = ToByte(b);
            output[q + 3] = ToByte(a);
        }
    }

    private static byte ToByte(float v) => (byte)Math.Clamp((int)(v + 0.5f), 0, 255);

    /// <summary>The input indices the taps reach: the first, and how many from there.</summary>
    private static (int First, int Count) InputRange(ResampleTaps taps)
    {
        int first = int.MaxValue, end = 0;
        for (var o = 0; o < taps.Count; o++)
        {
            first = Math.Min(first, taps.Start[o]);
            end = Math.Max(end, taps.Start[o] + taps.Length[o]);
        }

        return (first, end - first);
    }
}
