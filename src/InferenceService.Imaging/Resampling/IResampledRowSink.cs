namespace InferenceService.Imaging.Resampling;

/// <summary>
/// Where <see cref="SeparableResampler"/> puts each finished output row: a model's tensor, a bitmap to draw on. A
/// struct implementation is specialised by the JIT, so the per-row call costs nothing.
/// </summary>
public interface IResampledRowSink
{
    /// <summary>Planes per row: 3 (R, G, B) or 4 (with alpha).</summary>
    int Channels { get; }

    /// <summary>
    /// Receives window row <paramref name="row"/> (stored orientation) as <see cref="Channels"/> planes of
    /// <paramref name="width"/> values each, rounded to whole 0–255 pixel values as an 8-bit resize gives them.
    /// Called concurrently for different rows when the resampler runs in bands.
    /// </summary>
    void Write(int row, ReadOnlySpan<float> planes, int width);
}
