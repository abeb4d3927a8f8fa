using InferenceService.Imaging;
using InferenceService.Imaging.Resampling;

namespace InferenceService.Inference.Preprocessing;

/// <summary>
/// Turns an opened image into the model's input in one fused pass: decode at the DCT scale into a pooled buffer,
/// then resize (bilinear or triangle taps), EXIF orientation (index mapping), colour order, normalisation and layout
/// together, straight into the tensor. Only the part of the resize that lands in the tensor is computed: a crop is
/// never resized whole.
/// </summary>
public sealed class ImagePreprocessor(PreprocessSpec spec)
{
    private readonly TensorNormalization _normalization = new(spec);
    private readonly TapsCache _columns = new();
    private readonly TapsCache _rows = new();

    public PreprocessSpec Spec { get; } = spec;

    public InputGeometry GeometryFor(ImageSource source) => InputGeometry.For(Spec, source.Width, source.Height);

    public int ElementCount(in InputGeometry geometry) => 3 * geometry.TensorWidth * geometry.TensorHeight;

    /// <param name="cancellationToken">Checked before decoding and between bands of output rows.</param>
    /// <param name="parallelism">Row bands resampled at once; 1 keeps the write on the calling thread.</param>
    public unsafe void WriteFloat(ImageSource source, in InputGeometry geometry, Span<float> tensor, CancellationToken cancellationToken = default, int parallelism = 1)
    {
        Validate(geometry, tensor.Length);
        cancellationToken.ThrowIfCancellationRequested();
        TensorPadding.Fill(tensor, geometry, Spec.Layout, _normalization.PadFloat);
        fixed (float* floats = tensor)
        {
            Resample(source, geometry, floats, null, parallelism, cancellationToken);
        }
    }

    /// <inheritdoc cref="WriteFloat(ImageSource, in InputGeometry, Span{float}, CancellationToken, int)"/>
    public unsafe void WriteBytes(ImageSource source, in InputGeometry geometry, Span<byte> tensor, CancellationToken cancellationToken = default, int parallelism = 1)
    {
        Validate(geometry, tensor.Length);
        cancellationToken.ThrowIfCancellationRequested();
        TensorPadding.Fill(tensor, geometry, Spec.Layout, [_normalization.PadByte, _normalization.PadByte, _normalization.PadByte]);
        fixed (byte* bytes = tensor)
        {
            Resample(source, geometry, null, bytes, parallelism, cancellationToken);
        }
    }

    /// <summary>
    /// Resamples in stored orientation, as the file's rows lie, and lets the sink place each row upright: the
    /// visible window is mapped to stored pixels once, and every pixel then steps through the tensor.
    /// </summary>
    private unsafe void Resample(ImageSource source, in InputGeometry g, float* floats, byte* bytes, int parallelism, CancellationToken cancellationToken)
    {
        using var decoded = source.DecodeFor(g.ResizedWidth, g.ResizedHeight, Spec.Filter);
        var swap = ImageOrientation.SwapsAxes(source.Origin);
        var (storedW, storedH) = swap ? (g.ResizedHeight, g.ResizedWidth) : (g.ResizedWidth, g.ResizedHeight);
        var window = ImageOrientation.ToStored(g.Visible, source.Origin, storedW, storedH);
        var columns = _columns.Get(Spec.Filter, decoded.Width, storedW, window.Left, window.Width);
        var rows = _rows.Get(Spec.Filter, decoded.Height, storedH, window.Top, window.Height);
        var place = OrientedPlacement.For(source.Origin, storedW, storedH, window).Linear(g.TensorWidth, g.OffsetX, g.OffsetY);
        var sink = new TensorRowSink(floats, bytes, (long)g.TensorWidth * g.TensorHeight, _normalization, place);
        cancellationToken.ThrowIfCancellationRequested();
        SeparableResampler.Resample(decoded, columns, rows, Spec.Filter == ResizeFilter.Antialiased, sink, parallelism, cancellationToken);
    }

    private void Validate(in InputGeometry g, int length)
    {
        if (length < ElementCount(g))
        {
            throw new ArgumentException("The tensor buffer is smaller than the input.", nameof(length));
        }

        if (g.Visible is { IsEmpty: true })
        {
            throw new ArgumentException($"The geometry shows no pixel of the image: {g}.", nameof(g));
        }
    }
}
