namespace InferenceService.Inference.Runtime;

/// <summary>
/// The provider a session was created with, as ONNX Runtime names it, and why it is not the one asked for
/// when <c>auto</c> had to fall back.
/// </summary>
public sealed record ExecutionProvider(string Name, string? FallbackReason = null)
{
    public const string CpuName = "CPUExecutionProvider";
    public const string CudaName = "CUDAExecutionProvider";

    public static readonly ExecutionProvider Cpu = new(CpuName);
}
