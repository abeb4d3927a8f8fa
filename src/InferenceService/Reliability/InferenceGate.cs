using System.Threading.RateLimiting;
using InferenceService.Imaging;
using InferenceService.Inference.Pipeline;
using InferenceService.Inference.Runtime;
using InferenceService.Observability;
using Microsoft.Extensions.Options;

namespace InferenceService.Reliability;

/// <summary>
/// Bounds inference parallelism: <see cref="ReliabilityOptions.Workers"/> predictions run at once, up to
/// <see cref="ReliabilityOptions.QueueLength"/> wait (oldest first), the rest are refused immediately so an
/// overloaded server answers fast instead of piling up memory and latency.
/// </summary>
public sealed class InferenceGate : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly IPredictionStage _stage;
    private readonly ServiceMetrics _metrics;
    private readonly DynamicBatcher? _batcher;
    private int _admitted;

    public InferenceGate(IOptions<ReliabilityOptions> options, IPredictionStage stage, ServiceMetrics metrics)
    {
        Workers = options.Value.EffectiveWorkers;
        QueueLength = Math.Max(0, options.Value.QueueLength);
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Workers,
            QueueLimit = QueueLength,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _stage = stage;
        _metrics = metrics;
        ReserveThreadsForWorkers(Workers);
        _batcher = options.Value.BatchDelayMs > 0
            ? new DynamicBatcher(TimeSpan.FromMilliseconds(options.Value.BatchDelayMs), RunAsync, RunBatch)
            : null;
        // The gauges are read at scrape time; the gate owns the counts, so it hands them to the metrics (which
        // know nothing of the gate).
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            metrics.QueueDepth.Set(Queued);
            metrics.InFlight.Set(InFlight);
        });
    }

    public int Workers { get; }

    /// <summary>
    /// Each worker blocks a thread pool thread for a whole prediction, and a prediction running alone also blocks
    /// the pool threads that resample its other row bands (one fewer than its cores). Without a higher floor the pool
    /// would add a thread for /ping, metrics and request reading only after its starvation delay once all its
    /// threads block: with the bands left out, /ping took 1.9–2.8 s while eight huge images were annotated.
    /// </summary>
    private static void ReserveThreadsForWorkers(int workers)
    {
        ThreadPool.GetMinThreads(out var threads, out var completionPorts);
        var blocked = workers + CoreShare.Process.Cores - 1;
        var wanted = Environment.ProcessorCount + blocked;
        if (threads < wanted)
        {
            ThreadPool.SetMinThreads(wanted, completionPorts);
        }
    }

    public int QueueLength { get; }

    public int InFlight => Workers - (int)(_limiter.GetStatistics()?.CurrentAvailablePermits ?? Workers);

    public int Queued => (int)(_limiter.GetStatistics()?.CurrentQueuedCount ?? 0);

    /// <summary>
    /// Takes a place for a request before its body is read: at most Workers + QueueLength requests hold one, so a
    /// request that could not get a worker or a queue place is refused without uploading its body first.
    /// <see cref="Leave"/> gives the place back.
    /// </summary>
    public bool TryAdmit()
    {
        if (Interlocked.Increment(ref _admitted) <= Workers + QueueLength)
        {
            return true;
        }

        Interlocked.Decrement(ref _admitted);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _admitted);

    /// <summary>
    /// Opens the image, runs one prediction and then <paramref name="respond"/> in the same worker slot, so work that
    /// follows the model (drawing and encoding an annotated image) is bounded like the model run itself and one
    /// request holds one slot once. The respond callback gets the same opened image: its header is parsed and its
    /// limits checked once per request. Throws <see cref="ServerBusyException"/> when no slot can be had.
    /// </summary>
    public Task<T> PredictAsync<T>(
        InferencePipeline pipeline, ReadOnlyMemory<byte> image, PredictionOptions options, Func<PredictionResult, ImageSource, CancellationToken, T> respond, CancellationToken cancellationToken) =>
        _batcher is not null && pipeline.RunsBatchesAtOnce
            ? PredictGatheredAsync(pipeline, image, options, respond, cancellationToken)
            : RunAsync(token =>
            {
                using var source = pipeline.Open(image);
                var result = _stage.Run(pipeline, source, options, token);
                _metrics.ObservePrediction(pipeline.ModelName, result.Timings, batchSize: 1);
                token.ThrowIfCancellationRequested();
                return respond(result, source, token);
            }, cancellationToken);

    /// <summary>
    /// BATCH_DELAY_MS: the model runs with other requests' images gathered by the batcher, then this request's
    /// respond runs in a slot of its own as it does alone. The batch opened the image for its Run and has closed it,
    /// so respond opens it again (a header parse; pixels are decoded only if respond draws).
    /// </summary>
    private async Task<T> PredictGatheredAsync<T>(
        InferencePipeline pipeline, ReadOnlyMemory<byte> image, PredictionOptions options, Func<PredictionResult, ImageSource, CancellationToken, T> respond, CancellationToken cancellationToken)
    {
        var result = await _batcher!.PredictAsync(pipeline, image, options, cancellationToken);
        _metrics.ObserveStages(pipeline.ModelName, result.Timings);
        return await RunAsync(token =>
        {
            using var source = pipeline.Open(image);
            return respond(result, source, token);
        }, cancellationToken);
    }

    /// <summary>
    /// Runs a whole batch in one worker slot (a batch is one unit of model work, like a single image) and records
    /// the size of each model run it took: one run of n on a dynamic-batch model, n runs of 1 otherwise.
    /// </summary>
    public Task<BatchPrediction> PredictBatchAsync(InferencePipeline pipeline, IReadOnlyList<ReadOnlyMemory<byte>> images, PredictionOptions options, CancellationToken cancellationToken) =>
        RunAsync(token => RunBatch(pipeline, images, options, token), cancellationToken);

    private BatchPrediction RunBatch(InferencePipeline pipeline, IReadOnlyList<ReadOnlyMemory<byte>> images, PredictionOptions options, CancellationToken cancellationToken)
    {
        var batch = _stage.RunBatch(pipeline, images, options, cancellationToken);
        foreach (var size in batch.RunSizes)
        {
            _metrics.ObserveBatch(pipeline.ModelName, size);
        }

        return batch;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a worker slot, queued and cancelled like every other use of the gate, on the
    /// thread pool thread that acquired the slot. The pool's floor is raised by the workers (see the constructor),
    /// so busy workers never leave /ping waiting for the pool to grow: SageMaker's health check gives 2 s.
    /// (A thread of its own per piece of work kept /ping fast too, but cost 2 ms of CPU per request: ONNX Runtime
    /// and the allocator set up their per-thread buffers again on every new thread.)
    /// </summary>
    private async Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken)
    {
        using var lease = await AcquireAsync(cancellationToken);
        return work(cancellationToken);
    }

    private async Task<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        var lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new ServerBusyException(Workers, QueueLength);
        }

        // A waiter can be granted a slot just as its client goes away: give the slot back before giving up,
        // or every such race leaks a worker until none is left.
        if (cancellationToken.IsCancellationRequested)
        {
            lease.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
        }

        return lease;
    }

    public void Dispose() => _limiter.Dispose();
}
