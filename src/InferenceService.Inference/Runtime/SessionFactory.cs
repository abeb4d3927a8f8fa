using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Runtime;

/// <summary>Creates the one <see cref="InferenceSession"/> a model gets, with the service's thread budget.</summary>
public static class SessionFactory
{
    public static InferenceSession Create(string modelPath, InferenceOptions options)
    {
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            // ORT sizes its pool from the host's cores, not the container's: set it explicitly.
            IntraOpNumThreads = options.EffectiveIntraOpThreads,
            InterOpNumThreads = 1,
        };
        return new InferenceSession(modelPath, sessionOptions);
    }
}
