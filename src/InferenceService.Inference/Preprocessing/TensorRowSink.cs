using System.Numerics;
using InferenceService.Imaging.Resampling;

namespace InferenceService.Inference.Preprocessing;

/// <summary>
/// Writes resampled rows into a model's input at their upright positions: colour order, normalisation, layout and
/// element type in the one pass that leaves the resampler. The tensor is pinned by the caller for the whole write.
/// </summary>
internal readonly unsafe struct TensorRowSink : IResampledRowSink
{
    private readonly float* _floats;
    private readonly byte* _bytes;
    private readonly long _plane;
    private readonly bool _nchw;
    private readonly (long Start, long PixelStep, long RowStep) _place;
    private readonly int _p0, _p1, _p2;
    private readonly float _m0, _m1, _m2, _o0, _o1, _o2;

    /// <param name="place">Element-free pixel indices in the tensor: where window pixel (0, 0) goes and the steps from it.</param>
    public TensorRowSink(float* floats, byte* bytes, long plane, TensorNormalization n, (long Start, long PixelStep, long RowStep) place)
    {
        _floats = floats;
        _bytes = bytes;
        (_plane, _nchw, _place) = (plane, n.Layout == TensorLayout.Nchw, place);
        (_p0, _p1, _p2) = (n.SourcePlane[0], n.SourcePlane[1], n.SourcePlane[2]);
        (_m0, _m1, _m2) = (n.Multiplier[0], n.Multiplier[1], n.Multiplier[2]);
        (_o0, _o1, _o2) = (n.Offset[0], n.Offset[1], n.Offset[2]);
    }

    public int Channels => 3;

    public void Write(int row, ReadOnlySpan<float> planes, int width)
    {
        var start = _place.Start + row * _place.RowStep;
        ReadOnlySpan<float> c0 = planes.Slice(_p0 * width, width), c1 = planes.Slice(_p1 * width, width), c2 = planes.Slice(_p2 * width, width);
        if (_floats is not null && _nchw && _place.PixelStep == 1)
        {
            // Upright rows of a planar tensor are contiguous: the common case, vectorised.
            Normalise(c0, _m0, _o0, new Span<float>(_floats + start, width));
            Normalise(c1, _m1, _o1, new Span<float>(_floats + _plane + start, width));
            Normalise(c2, _m2, _o2, new Span<float>(_floats + 2 * _plane + start, width));
            return;
        }

        var step = _place.PixelStep;
        if (_floats is not null)
        {
            // Interleaved, or a turned image whose stored rows are tensor columns.
            var (at, channelStep, pixelStep) = _nchw ? (start, _plane, step) : (start * 3, 1L, step * 3);
            for (var x = 0; x < width; x++, at += pixelStep)
            {
                _floats[at] = c0[x] * _m0 + _o0;
                _floats[at + channelStep] = c1[x] * _m1 + _o1;
                _floats[at + 2 * channelStep] = c2[x] * _m2 + _o2;
            }
        }
        else
        {
            var (at, channelStep, pixelStep) = _nchw ? (start, _plane, step) : (start * 3, 1L, step * 3);
            for (var x = 0; x < width; x++, at += pixelStep)
            {
                _bytes[at] = (byte)c0[x];
                _bytes[at + channelStep] = (byte)c1[x];
                _bytes[at + 2 * channelStep] = (byte)c2[x];
            }
        }
    }

    private static void Normalise(ReadOnlySpan<float> pixels, float multiplier, float offset, Span<float> output)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> m = new(multiplier), o = new(offset);
            for (; i <= pixels.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                (new Vector<float>(pixels[i..]) * m + o).CopyTo(output[i..]);
            }
        }

        for (; i < pixels.Length; i++) output[i] = pixels[i] * multiplier + offset;
    }
}
