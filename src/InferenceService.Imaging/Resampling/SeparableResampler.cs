using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace InferenceService.Imaging.Resampling;

/// <summary>
/// Resizes decoded RGBA rows straight into a sink, one output row at a time: each source row a window needs is
/// filtered horizontally once into a small ring of planar float rows, and each output row is the weighted sum of
/// the ring rows its vertical taps name. Nothing image-sized is allocated; the ring is a few rows, pooled.
/// </summary>
public static class SeparableResampler
{
    /// <summary>Output rows between two checks of the token.</summary>
    private const int Band = 32;

    /// <summary>
    /// Resamples the window that <paramref name="columns"/> and <paramref name="rows"/> describe into
    /// <paramref name="sink"/>. With <paramref name="roundBetweenPasses"/> the horizontal pass is rounded to whole
    /// pixel values, as PIL's 8-bit antialiased resize (the torchvision training pipeline) does.
    /// <paramref name="parallelism"/> above 1 splits the output rows into that many bands run at once.
    /// </summary>
    public static void Resample<TSink>(
        DecodedPixels source, ResampleTaps columns, ResampleTaps rows, bool roundBetweenPasses, TSink sink, int parallelism, CancellationToken cancellationToken)
        where TSink : struct, IResampledRowSink
    {
        if (columns.InSize != source.Width || rows.InSize != source.Height)
        {
            throw new ArgumentException($"Taps for {columns.InSize}x{rows.InSize} do not fit a {source.Width}x{source.Height} image.", nameof(source));
        }

        var bands = Math.Clamp(Math.Min(parallelism, rows.Count / Band), 1, Environment.ProcessorCount);
        if (bands == 1)
        {
            Rows(source, columns, rows, roundBetweenPasses, sink, 0, rows.Count, cancellationToken);
            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = bands, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, bands, options, b =>
                Rows(source, columns, rows, roundBetweenPasses, sink, rows.Count * b / bands, rows.Count * (b + 1) / bands, cancellationToken));
        }
        catch (AggregateException e) when (cancellationToken.IsCancellationRequested && e.InnerExceptions.All(x => x is OperationCanceledException))
        {
            throw new OperationCanceledException("Preprocessing was cancelled.", e, cancellationToken);
        }
    }

    /// <summary>Output rows [<paramref name="from"/>, <paramref name="to"/>), with a ring of its own.</summary>
    private static unsafe void Rows<TSink>(
        DecodedPixels source, ResampleTaps columns, ResampleTaps rows, bool round, TSink sink, int from, int to, CancellationToken cancellationToken)
        where TSink : struct, IResampledRowSink
    {
        var channels = sink.Channels;
        var width = columns.Count;
        var rowFloats = channels * width;
        // Rows are needed in increasing order and at most MaxLength at once: a ring of that many never evicts a needed one.
        var ringRows = rows.MaxLength;
        var floats = ArrayPool<float>.Shared.Rent((ringRows + 1) * rowFloats);
        var held = ArrayPool<int>.Shared.Rent(ringRows);
        Array.Fill(held, -1, 0, ringRows);
        try
        {
            fixed (byte* pixels = source.Pixels)
            fixed (float* ring = floats, weights = columns.Weights)
            fixed (int* starts = columns.Start, lengths = columns.Length)
            {
                var horizontal = new HorizontalTaps(starts, lengths, weights, columns.Stride, width);
                var output = ring + (long)ringRows * rowFloats;
                var outputSpan = new Span<float>(output, rowFloats);
                for (var o = from; o < to; o++)
                {
                    if ((o - from) % Band == 0) cancellationToken.ThrowIfCancellationRequested();
                    var first = rows.Start[o];
                    var taps = rows.WeightsOf(o);
                    for (var k = 0; k < taps.Length; k++)
                    {
                        var r = first + k;
                        var slot = r % ringRows;
                        var line = ring + (long)slot * rowFloats;
                        if (held[slot] != r)
                        {
                            Horizontal(pixels + (long)r * source.RowBytes, horizontal, line, channels, round);
                            held[slot] = r;
                        }

                        var input = new ReadOnlySpan<float>(line, rowFloats);
                        if (k == 0) Scale(input, taps[0], outputSpan);
                        else AddScaled(input, taps[k], outputSpan);
                    }

                    RoundToPixels(outputSpan);
                    sink.Write(o, outputSpan, width);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(held);
            ArrayPool<float>.Shared.Return(floats);
        }
    }

    private readonly unsafe struct HorizontalTaps(int* starts, int* lengths, float* weights, int stride, int count)
    {
        public readonly int* Starts = starts;
        public readonly int* Lengths = lengths;
        public readonly float* Weights = weights;
        public readonly int Stride = stride;
        public readonly int Count = count;
    }

    /// <summary>One source row to <paramref name="channels"/> planes: a pixel's four channels in one vector per tap.</summary>
    private static unsafe void Horizontal(byte* line, in HorizontalTaps taps, float* planes, int channels, bool round)
    {
        var width = taps.Count;
        var half = Vector128.Create(0.5f);
        for (var x = 0; x < width; x++)
        {
            var p = line + taps.Starts[x] * 4;
            var w = taps.Weights + (long)x * taps.Stride;
            var n = taps.Lengths[x];
            var sum = Load(p) * w[0];
            for (var k = 1; k < n; k++)
            {
                sum += Load(p + k * 4) * w[k];
            }

            if (round)
            {
                sum = Vector128.Floor(sum + half);
            }

            planes[x] = sum.GetElement(0);
            planes[width + x] = sum.GetElement(1);
            planes[2 * width + x] = sum.GetElement(2);
            if (channels == 4) planes[3 * width + x] = sum.GetElement(3);
        }
    }

    /// <summary>Four bytes (R, G, B, A) as four floats.</summary>
    private static unsafe Vector128<float> Load(byte* p) => Sse41.IsSupported
        ? Sse2.ConvertToVector128Single(Sse41.ConvertToVector128Int32(p))
        : Vector128.Create(p[0], p[1], p[2], (float)p[3]);

    private static void Scale(ReadOnlySpan<float> input, float weight, Span<float> output)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<float>(weight);
            for (; i <= input.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                (new Vector<float>(input[i..]) * w).CopyTo(output[i..]);
            }
        }

        for (; i < input.Length; i++) output[i] = input[i] * weight;
    }

    private static void AddScaled(ReadOnlySpan<float> input, float weight, Span<float> output)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<float>(weight);
            for (; i <= input.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                (new Vector<float>(output[i..]) + new Vector<float>(input[i..]) * w).CopyTo(output[i..]);
            }
        }

        for (; i < input.Length; i++) output[i] += input[i] * weight;
    }

    /// <summary>Whole 0–255 values, as an 8-bit resize (Skia's, PIL's, OpenCV's) hands to a model.</summary>
    private static void RoundToPixels(Span<float> values)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> half = new(0.5f), max = new(255f);
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = Vector.Floor(new Vector<float>(values[i..]) + half);
                Vector.Min(Vector.Max(v, Vector<float>.Zero), max).CopyTo(values[i..]);
            }
        }

        for (; i < values.Length; i++) values[i] = Math.Clamp(MathF.Floor(values[i] + 0.5f), 0f, 255f);
    }
}
