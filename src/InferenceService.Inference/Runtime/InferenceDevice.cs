namespace InferenceService.Inference.Runtime;

/// <summary>Which ONNX Runtime execution provider a model runs on (INFERENCE_DEVICE).</summary>
public enum InferenceDevice
{
    /// <summary>The CPU provider, present in every build.</summary>
    Cpu,

    /// <summary>CUDA or nothing: a missing GPU keeps /ping at 503 rather than silently running slow.</summary>
    Cuda,

    /// <summary>CUDA when it can be created, otherwise the CPU with a warning.</summary>
    Auto,
}

public static class InferenceDeviceParser
{
    public static InferenceDevice Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "cpu" => InferenceDevice.Cpu,
        "cuda" or "gpu" => InferenceDevice.Cuda,
        "auto" => InferenceDevice.Auto,
        _ => throw new ModelLoadException($"INFERENCE_DEVICE '{value}' is not one of cpu, cuda, auto."),
    };
}
