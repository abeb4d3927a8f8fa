namespace InferenceService.Model;

public static class HostStart
{
    /// <summary>
    /// Waits until Kestrel is listening (SageMaker wants the socket within 250 ms, a model may take longer to load);
    /// false when the host stopped first.
    /// </summary>
    public static async Task<bool> WaitAsync(IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task;
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }
}
