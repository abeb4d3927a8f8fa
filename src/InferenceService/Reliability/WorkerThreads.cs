using System.Collections.Concurrent;

namespace InferenceService.Reliability;

/// <summary>
/// One long-lived thread per worker slot. The gate admits at most that many pieces of work at once, so a thread is
/// always free for the work that holds a slot; the thread pool keeps its threads for requests, so /ping answers at
/// once while every worker is busy on seconds of CPU (SageMaker's health check gives 2 s). Reusing the threads, not
/// starting one per request, keeps ONNX Runtime's calling thread and its caches warm.
/// </summary>
internal sealed class WorkerThreads : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();

    public WorkerThreads(int count)
    {
        for (var i = 0; i < count; i++)
        {
            new Thread(Loop) { IsBackground = true, Name = $"inference-worker-{i}" }.Start();
        }
    }

    public Task<T> Run<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                completion.SetResult(work());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        });
        return completion.Task;
    }

    private void Loop()
    {
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }

    public void Dispose() => _work.CompleteAdding();
}
