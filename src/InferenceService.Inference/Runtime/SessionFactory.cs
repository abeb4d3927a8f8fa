using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Runtime;

/// <summary>
/// Creates the one <see cref="InferenceSession"/> a model gets, with the service's thread budget, on the
/// execution provider INFERENCE_DEVICE asks for.
/// </summary>
public static class SessionFactory
{
    public static (InferenceSession Session, ExecutionProvider Provider) Create(string modelPath, InferenceOptions options)
    {
        var device = InferenceDeviceParser.Parse(options.Device);
        if (device == InferenceDevice.Cpu)
        {
            return (CreateSession(modelPath, options, cudaDeviceId: null), ExecutionProvider.Cpu);
        }

        try
        {
            return (CreateSession(modelPath, options, options.CudaDeviceId), new ExecutionProvider(ExecutionProvider.CudaName));
        }
        catch (CudaUnavailableException e) when (device == InferenceDevice.Auto)
        {
            return (CreateSession(modelPath, options, cudaDeviceId: null), ExecutionProvider.Cpu with { FallbackReason = e.Message });
        }
        catch (CudaUnavailableException e)
        {
            throw new ModelLoadException($"INFERENCE_DEVICE=cuda but {e.Message} Use INFERENCE_DEVICE=auto to fall back to the CPU.", e);
        }
    }

    private static InferenceSession CreateSession(string modelPath, InferenceOptions options, int? cudaDeviceId)
    {
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // ORT sizes its pool from the host's cores, not the container's: set it explicitly.
            IntraOpNumThreads = options.EffectiveIntraOpThreads,
            InterOpNumThreads = 1,
        };
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.IntraOpSpinning ? "1" : "0");
        if (cudaDeviceId is { } deviceId)
        {
            AppendCuda(sessionOptions, deviceId);
        }

        return new InferenceSession(modelPath, sessionOptions);
    }

    /// <summary>
    /// Appending loads the CUDA provider library (and through it CUDA, cuDNN and the driver), so a build without
    /// it, a missing library or no GPU all fail here, before any model work.
    /// </summary>
    private static void AppendCuda(SessionOptions sessionOptions, int deviceId)
    {
        var available = OrtEnv.Instance().GetAvailableProviders();
        if (!available.Contains(ExecutionProvider.CudaName))
        {
            throw new CudaUnavailableException(
                $"this build of ONNX Runtime has no CUDA provider (available: {string.Join(", ", available)}); use the GPU image (Dockerfile.gpu).");
        }

        try
        {
            sessionOptions.AppendExecutionProvider_CUDA(deviceId);
        }
        catch (OnnxRuntimeException e)
        {
            throw new CudaUnavailableException($"the CUDA provider cannot be created on device {deviceId}: {e.Message}");
        }
    }

    private sealed class CudaUnavailableException(string message) : Exception(message);
}
