using Microsoft.ML.OnnxRuntime;

namespace InferenceService.Inference.Runtime;

/// <summary>
/// A model's sessions: the shared one, whose intra-op threads are the cores split between the workers, and on the
/// CPU a lone one with every core for a prediction that runs alone (LONE_REQUEST_ALL_CORES). ONNX Runtime fixes a
/// session's threads when it is created, so a Run that may use more cores needs a session of its own.
/// </summary>
public sealed class ModelSessions(InferenceSession shared, int sharedThreads, InferenceSession? lone = null, int loneThreads = 0) : IDisposable
{
    public InferenceSession Shared { get; } = shared;

    public int SharedThreads { get; } = sharedThreads;

    public InferenceSession? Lone { get; } = lone;

    /// <summary>The intra-op threads a prediction running alone gets: the lone session's, else the shared one's.</summary>
    public int LoneThreads { get; } = lone is null ? sharedThreads : loneThreads;

    /// <summary>The session for a Run that may use <paramref name="cores"/> cores, and its intra-op threads.</summary>
    public (InferenceSession Session, int Threads) For(int cores) =>
        Lone is not null && cores >= LoneThreads ? (Lone, LoneThreads) : (Shared, SharedThreads);

    public void Dispose()
    {
        Lone?.Dispose();
        Shared.Dispose();
    }
}
