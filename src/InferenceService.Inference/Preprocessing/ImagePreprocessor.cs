using InferenceService.Imaging;
using SkiaSharp;

namespace InferenceService.Inference.Preprocessing;

/// <summary>Decodes the part of an opened image the model sees, at the size it needs, and writes it into the input buffer.</summary>
public sealed class ImagePreprocessor(PreprocessSpec spec)
{
    private readonly TensorWriter _writer = new(spec);

    public PreprocessSpec Spec { get; } = spec;

    public InputGeometry GeometryFor(ImageSource source) => InputGeometry.For(Spec, source.Width, source.Height);

    public int ElementCount(in InputGeometry geometry) => _writer.ElementCount(geometry);

    /// <param name="cancellationToken">Checked before decoding, before resampling and between the resampler's row bands.</param>
    public void WriteFloat(ImageSource source, in InputGeometry geometry, Span<float> tensor, CancellationToken cancellationToken = default)
    {
        using var visible = DecodeVisible(source, geometry, cancellationToken);
        _writer.Write(visible, geometry, tensor);
    }

    /// <inheritdoc cref="WriteFloat(ImageSource, in InputGeometry, Span{float}, CancellationToken)"/>
    public void WriteBytes(ImageSource source, in InputGeometry geometry, Span<byte> tensor, CancellationToken cancellationToken = default)
    {
        using var visible = DecodeVisible(source, geometry, cancellationToken);
        _writer.Write(visible, geometry, tensor);
    }

    /// <summary>Only the part of the resized image that lands in the tensor: a crop is never resized whole.</summary>
    private SKBitmap DecodeVisible(ImageSource source, in InputGeometry geometry, CancellationToken cancellationToken) =>
        source.DecodeResized(geometry.ResizedWidth, geometry.ResizedHeight, geometry.Visible, Spec.Filter, cancellationToken);
}
