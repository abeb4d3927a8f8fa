using System.Text.RegularExpressions;

namespace InferenceService.Inference.Runtime;

/// <summary>
/// ONNX Runtime's CUDA errors carry an error code, C++ template signatures and source locations around the part an
/// operator needs ("CUDA failure 100: no CUDA-capable device is detected", "Failed to load library …: libcublasLt.so.13:
/// cannot open shared object file"); /ping and the log show that part.
/// </summary>
internal static partial class CudaErrors
{
    public static string Summarise(string message)
    {
        var failure = CudaFailure().Match(message);
        return failure.Success ? failure.Value.TrimEnd(' ', ';') : ErrorCodePrefix().Replace(message, "").Trim();
    }

    [GeneratedRegex(@"CUDA failure \d+: [^;\r\n]*")]
    private static partial Regex CudaFailure();

    [GeneratedRegex(@"^\s*\[ErrorCode:\w+\]\s*(\w+:\s+)?")]
    private static partial Regex ErrorCodePrefix();
}
