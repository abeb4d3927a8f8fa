using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.Inference.Runtime;

/// <summary>What a second input tells the graph about the image, so that it can answer in the image's pixels.</summary>
public enum SizeInputKind
{
    /// <summary>RT-DETR / D-FINE / DEIM <c>orig_target_sizes</c>: (width, height) of the original image.</summary>
    OriginalSize,

    /// <summary>PaddleDetection <c>im_shape</c>: (height, width) of the resized image in the tensor.</summary>
    ResizedShape,

    /// <summary>PaddleDetection <c>scale_factor</c>: (height, width) of the resized image over the original's.</summary>
    ScaleFactor,
}

/// <summary>A graph input the pipeline fills from each request's image: <c>[N, 2]</c> of int64, int32 or float32.</summary>
public sealed record SizeInput(TensorSignature Tensor, SizeInputKind Kind)
{
    /// <summary>The input names each kind is known by in the exports that have one.</summary>
    private static readonly Dictionary<string, SizeInputKind> KnownNames = new(StringComparer.Ordinal)
    {
        ["orig_target_sizes"] = SizeInputKind.OriginalSize,
        ["im_shape"] = SizeInputKind.ResizedShape,
        ["scale_factor"] = SizeInputKind.ScaleFactor,
    };

    public static IReadOnlyCollection<string> Names => KnownNames.Keys;

    public string Name => Tensor.Name;

    /// <summary>The input as a size input, or null when its name or shape is not one the pipeline can fill.</summary>
    public static SizeInput? From(TensorSignature input) =>
        KnownNames.TryGetValue(input.Name, out var kind)
        && input.Rank == 2 && input.Dim(1) is 2 or < 0
        && input.ElementType is TensorElementType.Int64 or TensorElementType.Int32 or TensorElementType.Float
            ? new SizeInput(input, kind)
            : null;

    public override string ToString() => $"{Tensor} (filled with the image's {Kind})";
}
