namespace InferenceService.Inference.Preprocessing;

/// <summary>
/// A spec's per-tensor-channel arithmetic, computed once per model: which RGB plane feeds each tensor channel and
/// the <c>(pixel · Scale − Mean) / Std</c> of the spec as one multiply-add, plus the pad value in both element types.
/// </summary>
public sealed class TensorNormalization
{
    public TensorNormalization(PreprocessSpec spec)
    {
        Layout = spec.Layout;
        SourcePlane = spec.ColorOrder == ColorOrder.Bgr ? [2, 1, 0] : [0, 1, 2];
        for (var c = 0; c < 3; c++)
        {
            var s = SourcePlane[c];
            Multiplier[c] = spec.Scale / spec.Std[s];
            Offset[c] = -spec.Mean[s] / spec.Std[s];
            PadFloat[c] = (spec.PadValue * spec.Scale - spec.Mean[s]) / spec.Std[s];
        }

        PadByte = (byte)Math.Clamp(MathF.Round(spec.PadValue), 0, 255);
    }

    public TensorLayout Layout { get; }

    /// <summary>For each tensor channel, the resampled plane (0 R, 1 G, 2 B) it takes.</summary>
    public int[] SourcePlane { get; }

    public float[] Multiplier { get; } = new float[3];

    public float[] Offset { get; } = new float[3];

    public float[] PadFloat { get; } = new float[3];

    public byte PadByte { get; }
}
