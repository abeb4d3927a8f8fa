namespace InferenceService.Imaging.Resampling;

/// <summary>
/// One axis of a separable resize: for each output index of a window, the first input index and the normalised
/// weights of its taps. Built once per (input size, output size, window) and shared read-only by every request and
/// row band that resizes the same way.
/// </summary>
public sealed class ResampleTaps
{
    private ResampleTaps(ResizeFilter filter, int inSize, int outSize, int firstOut, int count, int stride)
    {
        (Filter, InSize, OutSize, FirstOut, Count, Stride) = (filter, inSize, outSize, firstOut, count, stride);
        Start = new int[count];
        Length = new int[count];
        Weights = new float[count * stride];
    }

    public ResizeFilter Filter { get; }

    public int InSize { get; }

    public int OutSize { get; }

    public int FirstOut { get; }

    /// <summary>Output indices in the window.</summary>
    public int Count { get; }

    /// <summary>Floats between the weights of consecutive outputs in <see cref="Weights"/>.</summary>
    public int Stride { get; }

    public int[] Start { get; }

    public int[] Length { get; }

    public float[] Weights { get; }

    /// <summary>The most taps any output has: how many input rows a vertical pass holds at once.</summary>
    public int MaxLength { get; private set; }

    public ReadOnlySpan<float> WeightsOf(int o) => Weights.AsSpan(o * Stride, Length[o]);

    public bool Is(ResizeFilter filter, int inSize, int outSize, int firstOut, int count) =>
        (Filter, InSize, OutSize, FirstOut, Count) == (filter, inSize, outSize, firstOut, count);

    /// <summary>
    /// Taps of outputs <paramref name="firstOut"/> … + <paramref name="count"/> − 1 of a resize from
    /// <paramref name="inSize"/> to <paramref name="outSize"/>. Bilinear reduces more than 2× with the triangle
    /// filter: two taps would skip pixels and alias, which is what Skia's mipmaps used to prevent there.
    /// </summary>
    public static ResampleTaps For(ResizeFilter filter, int inSize, int outSize, int firstOut, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outSize, 1);
        if (firstOut < 0 || count < 1 || (long)firstOut + count > outSize)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Outputs {firstOut}+{count} do not lie inside {outSize}.");
        }

        return filter == ResizeFilter.Antialiased || inSize > 2L * outSize
            ? Triangle(filter, inSize, outSize, firstOut, count)
            : Bilinear(inSize, outSize, firstOut, count);
    }

    /// <summary>Two taps at half-pixel centres, indices clamped to the edge: what Skia's linear sampling (and OpenCV's INTER_LINEAR) does.</summary>
    private static ResampleTaps Bilinear(int inSize, int outSize, int firstOut, int count)
    {
        var taps = new ResampleTaps(ResizeFilter.Bilinear, inSize, outSize, firstOut, count, 2);
        var scale = inSize / (double)outSize;
        for (var o = 0; o < count; o++)
        {
            var centre = (firstOut + o + 0.5) * scale - 0.5;
            var low = (int)Math.Floor(centre);
            var fraction = (float)(centre - low);
            var weights = taps.Weights.AsSpan(o * 2, 2);
            if (low < 0 || low >= inSize - 1 || fraction == 0f)
            {
                // Both taps clamp to one pixel at the edges; an exact hit needs only its own pixel.
                taps.Start[o] = Math.Clamp(low, 0, inSize - 1);
                taps.Length[o] = 1;
                weights[0] = 1f;
            }
            else
            {
                taps.Start[o] = low;
                taps.Length[o] = 2;
                weights[0] = 1f - fraction;
                weights[1] = fraction;
            }
        }

        taps.MaxLength = taps.Length.Max();
        return taps;
    }

    /// <summary>
    /// A tent whose radius is the reduction factor (1 when enlarging), sampled at pixel centres: the "linear"
    /// kernel of PIL and libvips, which torchvision-style classifiers were trained with.
    /// </summary>
    private static ResampleTaps Triangle(ResizeFilter filter, int inSize, int outSize, int firstOut, int count)
    {
        var scale = inSize / (double)outSize;
        var support = Math.Max(scale, 1.0);
        var taps = new ResampleTaps(filter, inSize, outSize, firstOut, count, (int)Math.Ceiling(support) * 2 + 1);
        for (var o = 0; o < count; o++)
        {
            var centre = (firstOut + o + 0.5) * scale;
            var first = Math.Max(0, (int)Math.Floor(centre - support));
            var last = Math.Min(inSize - 1, (int)Math.Ceiling(centre + support));
            var row = taps.Weights.AsSpan(o * taps.Stride, taps.Stride);
            var n = 0;
            var sum = 0.0;
            var start = -1;
            for (var i = first; i <= last; i++)
            {
                var w = 1.0 - Math.Abs((i + 0.5 - centre) / support);
                if (w > 0)
                {
                    start = start < 0 ? i : start;
                    row[n++] = (float)w;
                    sum += w;
                }
            }

            // The nearest pixel centre is at most 0.5 from the sample centre and support ≥ 1: n ≥ 1.
            for (var k = 0; k < n; k++)
            {
                row[k] = (float)(row[k] / sum);
            }

            taps.Start[o] = start;
            taps.Length[o] = n;
        }

        taps.MaxLength = taps.Length.Max();
        return taps;
    }
}
