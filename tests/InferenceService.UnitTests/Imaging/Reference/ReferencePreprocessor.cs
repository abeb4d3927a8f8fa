using InferenceService.Inference.Preprocessing;

namespace InferenceService.UnitTests.Imaging.Reference;

/// <summary>The preprocessing the service did before the fused writer: decode the visible window into a bitmap, then copy it into the tensor.</summary>
public sealed class ReferencePreprocessor(PreprocessSpec spec)
{
    private readonly ReferenceTensorWriter _writer = new(spec);

    public void Write(ReferenceImage image, in InputGeometry g, Span<float> tensor)
    {
        using var visible = image.DecodeResized(g.ResizedWidth, g.ResizedHeight, g.Visible, spec.Filter);
        _writer.Write(visible, g, tensor);
    }

    public void Write(ReferenceImage image, in InputGeometry g, Span<byte> tensor)
    {
        using var visible = image.DecodeResized(g.ResizedWidth, g.ResizedHeight, g.Visible, spec.Filter);
        _writer.Write(visible, g, tensor);
    }
}
