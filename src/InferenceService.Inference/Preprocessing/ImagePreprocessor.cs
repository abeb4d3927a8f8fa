using InferenceService.Imaging;
using SkiaSharp;

namespace InferenceService.Inference.Preprocessing;

/// <summary>Decodes an opened image at the size the model needs and writes it into the input buffer.</summary>
public sealed class ImagePreprocessor(PreprocessSpec spec)
{
    private readonly TensorWriter _writer = new(spec);

    public PreprocessSpec Spec { get; } = spec;

    public InputGeometry GeometryFor(ImageSource source) => InputGeometry.For(Spec, source.Width, source.Height);

    public int ElementCount(in InputGeometry geometry) => _writer.ElementCount(geometry);

    public void WriteFloat(ImageSource source, in InputGeometry geometry, Span<float> tensor)
    {
        using var resized = source.DecodeResized(geometry.ResizedWidth, geometry.ResizedHeight, Spec.Filter);
        _writer.Write(resized, geometry, tensor);
    }

    public void WriteBytes(ImageSource source, in InputGeometry geometry, Span<byte> tensor)
    {
        using var resized = source.DecodeResized(geometry.ResizedWidth, geometry.ResizedHeight, Spec.Filter);
        _writer.Write(resized, geometry, tensor);
    }

    /// <summary>Writes an already-decoded bitmap (tests, warm-up); it must be the geometry's resized size.</summary>
    public void WriteFloat(SKBitmap resized, in InputGeometry geometry, Span<float> tensor) => _writer.Write(resized, geometry, tensor);
}
