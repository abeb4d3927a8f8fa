using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Families;

/// <summary>How a batched output's values split between the images it answers.</summary>
public static class OutputRows
{
    /// <summary>The values of one image in <paramref name="output"/>, whose first axis is the batch.</summary>
    public static int PerImage(OrtValue output, int length)
    {
        var images = output.GetTensorTypeAndShape().Shape[0];
        return images > 0 ? (int)(length / images) : length;
    }
}
