namespace InferenceService.Model;

/// <summary>
/// A model load on a thread of its own, given up past MODEL_LOAD_TIMEOUT_SECONDS: a read that never returns (a FIFO,
/// a hung network mount) keeps that thread for good, and a background thread does not hold the process up. A load
/// that completes after it was given up is disposed, never served. Single-model and multi-model loads both use it.
/// </summary>
internal static class AbandonableLoad
{
    /// <summary>The loaded value, or null when the time ran out (or <paramref name="cancellationToken"/> fired) first; a load that failed throws its error.</summary>
    public static async Task<T?> RunAsync<T>(Func<T> load, int timeoutSeconds, CancellationToken cancellationToken)
        where T : class, IDisposable
    {
        var task = Task.Factory.StartNew(load, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var limit = timeoutSeconds > 0 ? TimeSpan.FromSeconds(timeoutSeconds) : Timeout.InfiniteTimeSpan;
        await Task.WhenAny(task, Task.Delay(limit, cancellationToken));
        if (task.IsCompleted)
        {
            return await task;
        }

        _ = task.ContinueWith(late => late.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        return null;
    }
}
