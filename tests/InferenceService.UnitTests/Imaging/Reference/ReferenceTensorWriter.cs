using InferenceService.Inference.Preprocessing;
using SkiaSharp;

namespace InferenceService.UnitTests.Imaging.Reference;

/// <summary>
/// The tensor writer the service used before the fused writer, kept as the reference it is compared with.
/// Writes the visible part of the resized image (<see cref="InputGeometry.Visible"/>, RGBA) straight into the
/// model's input buffer in its layout, channel order and normalisation, filling the area outside the image with
/// the pad value. Normalisation is a per-channel 256-entry table built once per model, so every preset (raw,
/// /255, torch mean/std, [-1, 1]) costs the same.
/// </summary>
public sealed class ReferenceTensorWriter
{
    private readonly PreprocessSpec _spec;
    private readonly float[][] _lut = new float[3][];
    private readonly int[] _sourceChannel;
    private readonly float[] _padFloat = new float[3];
    private readonly byte _padByte;

    public ReferenceTensorWriter(PreprocessSpec spec)
    {
        _spec = spec;
        _sourceChannel = spec.ColorOrder == ColorOrder.Bgr ? [2, 1, 0] : [0, 1, 2];
        for (var c = 0; c < 3; c++)
        {
            var s = _sourceChannel[c];
            var table = new float[256];
            for (var v = 0; v < 256; v++)
            {
                table[v] = (v * spec.Scale - spec.Mean[s]) / spec.Std[s];
            }

            _lut[c] = table;
            _padFloat[c] = (spec.PadValue * spec.Scale - spec.Mean[s]) / spec.Std[s];
        }

        _padByte = (byte)Math.Clamp(MathF.Round(spec.PadValue), 0, 255);
    }

    public int ElementCount(in InputGeometry g) => 3 * g.TensorWidth * g.TensorHeight;

    public unsafe void Write(SKBitmap visible, in InputGeometry g, Span<float> tensor)
    {
        Validate(visible, g, tensor.Length);
        var (y0, y1) = RowSpan(g, out var x0, out var x1);
        byte* pixels = (byte*)visible.GetPixels();
        var stride = visible.RowBytes;
        int w = g.TensorWidth, h = g.TensorHeight, plane = w * h;
        float[] l0 = _lut[0], l1 = _lut[1], l2 = _lut[2];
        int s0 = _sourceChannel[0], s1 = _sourceChannel[1], s2 = _sourceChannel[2];
        fixed (float* dst = tensor)
        {
            for (var y = 0; y < h; y++)
            {
                var inImage = y >= y0 && y < y1;
                var from = inImage ? x0 : w;
                var to = inImage ? x1 : w;
                if (_spec.Layout == TensorLayout.Nchw)
                {
                    float* p0 = dst + y * w, p1 = p0 + plane, p2 = p1 + plane;
                    FillPad(p0, p1, p2, 0, from);
                    byte* src = pixels + (long)(y - y0) * stride + (from - x0) * 4;
                    for (var x = from; x < to; x++, src += 4)
                    {
                        p0[x] = l0[src[s0]];
                        p1[x] = l1[src[s1]];
                        p2[x] = l2[src[s2]];
                    }

                    FillPad(p0, p1, p2, to, w);
                }
                else
                {
                    float* row = dst + (long)y * w * 3;
                    FillPadInterleaved(row, 0, from);
                    byte* src = pixels + (long)(y - y0) * stride + (from - x0) * 4;
                    for (var x = from; x < to; x++, src += 4)
                    {
                        float* o = row + x * 3;
                        o[0] = l0[src[s0]];
                        o[1] = l1[src[s1]];
                        o[2] = l2[src[s2]];
                    }

                    FillPadInterleaved(row, to, w);
                }
            }
        }
    }

    public unsafe void Write(SKBitmap visible, in InputGeometry g, Span<byte> tensor)
    {
        Validate(visible, g, tensor.Length);
        var (y0, y1) = RowSpan(g, out var x0, out var x1);
        byte* pixels = (byte*)visible.GetPixels();
        var stride = visible.RowBytes;
        int w = g.TensorWidth, h = g.TensorHeight, plane = w * h;
        int s0 = _sourceChannel[0], s1 = _sourceChannel[1], s2 = _sourceChannel[2];
        var pad = _padByte;
        fixed (byte* dst = tensor)
        {
            for (var y = 0; y < h; y++)
            {
                var inImage = y >= y0 && y < y1;
                var from = inImage ? x0 : w;
                var to = inImage ? x1 : w;
                byte* src = pixels + (long)(y - y0) * stride + (from - x0) * 4;
                if (_spec.Layout == TensorLayout.Nchw)
                {
                    byte* p0 = dst + y * w, p1 = p0 + plane, p2 = p1 + plane;
                    for (var x = 0; x < from; x++) { p0[x] = pad; p1[x] = pad; p2[x] = pad; }
                    for (var x = from; x < to; x++, src += 4)
                    {
                        p0[x] = src[s0];
                        p1[x] = src[s1];
                        p2[x] = src[s2];
                    }

                    for (var x = to; x < w; x++) { p0[x] = pad; p1[x] = pad; p2[x] = pad; }
                }
                else
                {
                    byte* row = dst + (long)y * w * 3;
                    if (from > 0) new Span<byte>(row, from * 3).Fill(pad);
                    for (var x = from; x < to; x++, src += 4)
                    {
                        byte* o = row + x * 3;
                        o[0] = src[s0];
                        o[1] = src[s1];
                        o[2] = src[s2];
                    }

                    if (to < w) new Span<byte>(row + to * 3, (w - to) * 3).Fill(pad);
                }
            }
        }
    }

    private unsafe void FillPad(float* p0, float* p1, float* p2, int from, int to)
    {
        if (to <= from) return;
        new Span<float>(p0 + from, to - from).Fill(_padFloat[0]);
        new Span<float>(p1 + from, to - from).Fill(_padFloat[1]);
        new Span<float>(p2 + from, to - from).Fill(_padFloat[2]);
    }

    private unsafe void FillPadInterleaved(float* row, int from, int to)
    {
        for (var x = from; x < to; x++)
        {
            row[x * 3] = _padFloat[0];
            row[x * 3 + 1] = _padFloat[1];
            row[x * 3 + 2] = _padFloat[2];
        }
    }

    /// <summary>The tensor rows and columns covered by the visible part of the resized image; (x0, y0) is its first pixel.</summary>
    private static (int Start, int End) RowSpan(in InputGeometry g, out int x0, out int x1)
    {
        var visible = g.Visible;
        x0 = g.OffsetX + visible.Left;
        x1 = g.OffsetX + visible.Right;
        return (g.OffsetY + visible.Top, g.OffsetY + visible.Bottom);
    }

    private static void Validate(SKBitmap visible, in InputGeometry g, int length)
    {
        var want = g.Visible;
        if (visible.ColorType != SKColorType.Rgba8888 || visible.Width != want.Width || visible.Height != want.Height)
        {
            throw new ArgumentException(
                $"Expected an Rgba8888 bitmap of {want.Width}x{want.Height}, got {visible.ColorType} {visible.Width}x{visible.Height}.",
                nameof(visible));
        }

        if (length < 3 * g.TensorWidth * g.TensorHeight)
        {
            throw new ArgumentException("The tensor buffer is smaller than the input.", nameof(length));
        }
    }
}
