using InferenceService.Inference.Pipeline;

namespace InferenceService.Model;

public enum ModelStatus
{
    Loading,
    Ready,
    Failed,
}

/// <summary>
/// Readiness as /ping reports it: the pipeline is published only after the model is loaded and one warm-up
/// prediction has run, so a 200 always means a request will be served.
/// </summary>
public sealed class ModelState
{
    private volatile Snapshot _current = new(ModelStatus.Loading, "The model is loading.", null);

    public ModelStatus Status => _current.Status;

    public string Reason => _current.Reason;

    /// <summary>The ready pipeline, or null while loading or after a failure.</summary>
    public InferencePipeline? Pipeline => _current.Pipeline;

    /// <summary>The pipeline for a request <see cref="ReadinessFilter"/> let through: once ready, a model stays ready.</summary>
    public InferencePipeline ReadyPipeline => Pipeline ?? throw new InvalidOperationException("A request reached the model without passing the readiness filter.");

    public TimeSpan? LoadTime { get; private set; }

    /// <summary>
    /// Names the step the load is on. Only while loading: a load abandoned after its timeout may still report
    /// from its thread, and must not turn a failure back into "loading".
    /// </summary>
    public void SetLoading(string stage)
    {
        var current = _current;
        if (current.Status == ModelStatus.Loading)
        {
            Interlocked.CompareExchange(ref _current, new Snapshot(ModelStatus.Loading, $"The model is loading: {stage}.", null), current);
        }
    }

    public void SetReady(InferencePipeline pipeline, TimeSpan loadTime)
    {
        LoadTime = loadTime;
        _current = new Snapshot(ModelStatus.Ready, "ready", pipeline);
    }

    public void SetFailed(string reason) => _current = new Snapshot(ModelStatus.Failed, reason, null);

    private sealed record Snapshot(ModelStatus Status, string Reason, InferencePipeline? Pipeline);
}
