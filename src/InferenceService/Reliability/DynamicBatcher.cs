using InferenceService.Inference.Pipeline;

namespace InferenceService.Reliability;

/// <summary>
/// Gathers concurrent single-image requests to a dynamic-batch model into one <c>Run</c> (<c>BATCH_DELAY_MS</c>).
/// The first request of a group starts it: the group takes a worker slot, waits up to the delay or until
/// <c>MAX_BATCH_SIZE</c> requests have joined, and runs them as one batch; each caller gets its own answer or its
/// own decode error. Only requests with equal options share a group, because a batch runs with one set of options.
/// A caller that leaves before the Run is left out of it; a group every caller has left runs nothing.
/// </summary>
public sealed class DynamicBatcher(
    TimeSpan delay,
    Func<Func<CancellationToken, BatchPrediction>, CancellationToken, Task<BatchPrediction>> runInSlot,
    Func<InferencePipeline, IReadOnlyList<ReadOnlyMemory<byte>>, PredictionOptions, CancellationToken, BatchPrediction> runBatch)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(InferencePipeline, PredictionOptions), Group> _open = [];

    public async Task<PredictionResult> PredictAsync(InferencePipeline pipeline, ReadOnlyMemory<byte> image, PredictionOptions options, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var waiter = new Waiter(image);
        var key = (pipeline, options);
        Group? group;
        bool starts;
        lock (_lock)
        {
            starts = !_open.TryGetValue(key, out group);
            if (starts)
            {
                group = new Group(key);
                _open.Add(key, group);
            }

            group!.Waiters.Add(waiter);
            group.Live++;
            if (group.Waiters.Count >= pipeline.MaxBatchSize)
            {
                _open.Remove(key);
                group.Full.TrySetResult();
            }
        }

        if (starts)
        {
            // The gate runs work on the thread that gets the slot, and this group's work waits out the delay: off
            // this caller's thread, so the caller can still leave (register its cancellation) meanwhile.
            _ = Task.Run(() => RunAsync(group), CancellationToken.None);
        }

        using (cancellationToken.Register(() => Leave(group, waiter, cancellationToken)))
        {
            return await waiter.Answer.Task;
        }
    }

    private void Leave(Group group, Waiter waiter, CancellationToken cancellationToken)
    {
        if (!waiter.Answer.TrySetCanceled(cancellationToken))
        {
            return;
        }

        bool abandoned;
        lock (_lock)
        {
            abandoned = --group.Live == 0;
            if (abandoned)
            {
                Close(group);
            }
        }

        if (abandoned)
        {
            group.Abandoned.Cancel();
        }
    }

    private async Task RunAsync(Group group)
    {
        try
        {
            var batch = await runInSlot(token =>
            {
                // The slot is held while the group fills: that is the point, the next Run is this one.
                group.Full.Task.Wait(delay, token);
                var images = Take(group).Select(w => w.Image).ToArray();
                return images.Length == 0 ? new BatchPrediction([], []) : runBatch(group.Key.Pipeline, images, group.Key.Options, token);
            }, group.Abandoned.Token);
            for (var i = 0; i < batch.Items.Count; i++)
            {
                var item = batch.Items[i];
                _ = item.Error is { } error ? group.Taken[i].Answer.TrySetException(error) : group.Taken[i].Answer.TrySetResult(item.Result!);
            }
        }
        catch (Exception e)
        {
            lock (_lock)
            {
                Close(group);
            }

            foreach (var waiter in group.Waiters)
            {
                waiter.Answer.TrySetException(e);
            }
        }
    }

    /// <summary>Closes the group to newcomers and keeps the callers still waiting, in the order they came.</summary>
    private Waiter[] Take(Group group)
    {
        lock (_lock)
        {
            Close(group);
            group.Taken = group.Waiters.Where(w => !w.Answer.Task.IsCompleted).ToArray();
            return group.Taken;
        }
    }

    private void Close(Group group)
    {
        if (_open.TryGetValue(group.Key, out var open) && open == group)
        {
            _open.Remove(group.Key);
        }
    }

    private sealed class Waiter(ReadOnlyMemory<byte> image)
    {
        public ReadOnlyMemory<byte> Image { get; } = image;

        public TaskCompletionSource<PredictionResult> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Group((InferencePipeline Pipeline, PredictionOptions Options) key)
    {
        public (InferencePipeline Pipeline, PredictionOptions Options) Key { get; } = key;

        public List<Waiter> Waiters { get; } = [];

        public Waiter[] Taken { get; set; } = [];

        public int Live { get; set; }

        public TaskCompletionSource Full { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Cancelled when every caller has left: the slot wait, the delay and the Run stop for nobody.</summary>
        public CancellationTokenSource Abandoned { get; } = new();
    }
}
