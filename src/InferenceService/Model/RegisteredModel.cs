using InferenceService.Inference.Pipeline;

namespace InferenceService.Model;

/// <summary>
/// One model of a multi-model endpoint. Requests hold a lease on it; the registry holds one more until the model is
/// unloaded, so the session is disposed only once the last request running on it has finished.
/// </summary>
public sealed class RegisteredModel(string name, string url, InferencePipeline pipeline, TimeSpan loadTime, long memoryBytes)
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _leases = 1;

    public string Name { get; } = name;

    public string Url { get; } = url;

    public InferencePipeline Pipeline { get; } = pipeline;

    public TimeSpan LoadTime { get; } = loadTime;

    /// <summary>The resident memory the load and warm-up added, as the budget accounts it.</summary>
    public long MemoryBytes { get; } = memoryBytes;

    /// <summary>Completes once the pipeline is disposed: unloaded and no request left on it.</summary>
    public Task Released => _released.Task;

    /// <summary>A lease for one request, or false once the model is being unloaded and its last lease is gone.</summary>
    public bool TryAcquire()
    {
        var leases = Volatile.Read(ref _leases);
        while (leases > 0)
        {
            var seen = Interlocked.CompareExchange(ref _leases, leases + 1, leases);
            if (seen == leases)
            {
                return true;
            }

            leases = seen;
        }

        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _leases) == 0)
        {
            Pipeline.Dispose();
            _released.TrySetResult();
        }
    }
}
