using System.Globalization;
using InferenceService.Inference.Runtime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace InferenceService.Inference.Manifest;

/// <summary>
/// Holds a manifest's claims about the image input against the graph before recognition: a claim that contradicts
/// a fixed dimension, the channel axis or the element type fails the load with both sides named, and a size given
/// for a dynamic input is written into the signature so that families which need a fixed size (YOLOX, Ultralytics
/// without <c>imgsz</c>) can recognise it — the manifest then describes what the graph does not say.
/// </summary>
public static class ManifestInput
{
    public static ModelSignature Describe(ModelManifest manifest, ModelSignature signature)
    {
        var input = ImageInput(manifest, signature);
        if (input is null)
        {
            return signature;
        }

        CheckDtype(manifest, input);
        if (input.Rank is not (3 or 4))
        {
            return signature;
        }

        var (hAxis, wAxis) = Axes(manifest, input);
        var shape = (long[])input.Shape.Clone();
        Fill(shape, hAxis, manifest.Height, "height", input);
        Fill(shape, wAxis, manifest.Width, "width", input);
        var described = input with { Shape = shape };
        return signature with { Inputs = signature.Inputs.Select(i => i.Name == input.Name ? described : i).ToArray() };
    }

    /// <summary>The input the manifest names, or the only one; with several and none named, recognition decides.</summary>
    private static TensorSignature? ImageInput(ModelManifest manifest, ModelSignature signature) =>
        manifest.Input is { } name
            ? signature.Inputs.FirstOrDefault(i => i.Name == name)
                ?? throw new ModelLoadException(
                    $"{ModelManifest.FileName} $.input names '{name}', but the model's inputs are {string.Join(", ", signature.Inputs.Select(i => i.Name))}.")
                {
                    ManifestField = "input",
                }
            : signature.Inputs.Count == 1 ? signature.Inputs[0] : null;

    private static void CheckDtype(ModelManifest manifest, TensorSignature input)
    {
        var expected = manifest.Dtype switch
        {
            "uint8" => TensorElementType.UInt8,
            "float32" => TensorElementType.Float,
            _ => input.ElementType,
        };
        if (expected != input.ElementType)
        {
            throw new ModelLoadException(
                $"{ModelManifest.FileName} $.dtype is {manifest.Dtype}, but the model's input is {input}; remove $.dtype or set it to the input's type.")
            {
                ManifestField = "dtype",
            };
        }
    }

    /// <summary>The height and width axes: rank 3 is torchvision's <c>[C, H, W]</c> or <c>[H, W, C]</c>, rank 4 adds the batch.</summary>
    private static (int H, int W) Axes(ModelManifest manifest, TensorSignature input)
    {
        var batch = input.Rank - 3;
        var layout = manifest.Layout ?? (input.Dim(batch) == 3 ? "NCHW" : input.Dim(batch + 2) == 3 ? "NHWC" : null);
        var channelAxis = layout == "NHWC" ? batch + 2 : batch;
        if (manifest.Layout is not null && input.Dim(channelAxis) > 0 && input.Dim(channelAxis) != 3)
        {
            throw new ModelLoadException(
                $"{ModelManifest.FileName} $.layout is {manifest.Layout}, but the model's input {input} has {input.Dim(channelAxis)} at the channel axis {channelAxis} of that layout, not 3.")
            {
                ManifestField = "layout",
            };
        }

        return layout == "NHWC" ? (batch, batch + 1) : (batch + 1, batch + 2);
    }

    private static void Fill(long[] shape, int axis, int? size, string field, TensorSignature input)
    {
        if (size is not { } value)
        {
            return;
        }

        if (shape[axis] > 0 && shape[axis] != value)
        {
            throw new ModelLoadException(
                $"{ModelManifest.FileName} $.{field} is {value.ToString(CultureInfo.InvariantCulture)}, but the model's input {input} fixes it at {shape[axis].ToString(CultureInfo.InvariantCulture)}; remove $.{field} or set it to the graph's size.")
            {
                ManifestField = field,
            };
        }

        shape[axis] = value;
    }
}
