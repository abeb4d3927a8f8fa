namespace InferenceService.Imaging.Resampling;

/// <summary>
/// The last taps built for one axis: a model with a fixed input size sees the same photo sizes again and again
/// (a camera's, a batch's), so the tables are built once and shared; a different size replaces them. One slot
/// bounds the memory whatever sizes arrive.
/// </summary>
public sealed class TapsCache
{
    private ResampleTaps? _last;

    public ResampleTaps Get(ResizeFilter filter, int inSize, int outSize, int firstOut, int count)
    {
        var last = Volatile.Read(ref _last);
        if (last is not null && last.Is(filter, inSize, outSize, firstOut, count))
        {
            return last;
        }

        var taps = ResampleTaps.For(filter, inSize, outSize, firstOut, count);
        Volatile.Write(ref _last, taps);
        return taps;
    }
}
