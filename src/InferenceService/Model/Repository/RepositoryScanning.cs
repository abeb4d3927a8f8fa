using Microsoft.Extensions.Options;

namespace InferenceService.Model.Repository;

/// <summary>
/// Loads the repository once Kestrel listens, then, with MODEL_REPOSITORY_POLL_SECONDS, scans it again on that
/// period: polling, not a file watcher, because inotify misses changes on network and bind mounts, where
/// repositories usually live. A scan that throws is logged and the next one runs: a background service that
/// throws would stop the host and every model with it.
/// </summary>
public sealed class RepositoryScanning(
    ModelRepository repository, IOptions<RepositoryOptions> options, IHostApplicationLifetime lifetime, ILogger<RepositoryScanning> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled || !await HostStart.WaitAsync(lifetime, stoppingToken))
        {
            return;
        }

        logger.LogInformation(
            "Model repository {Root}: every sub-folder is a model; {Scan}", repository.Root,
            o.PollSeconds > 0 ? $"scanned for changes every {o.PollSeconds} s" : "scanned at start only (MODEL_REPOSITORY_POLL_SECONDS=0)");
        await ScanAsync();
        if (o.PollSeconds == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(o.PollSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ScanAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ScanAsync()
    {
        try
        {
            await repository.ScanAsync();
        }
        catch (Exception e)
        {
            logger.LogError(e, "Scanning the model repository {Root} failed; the models loaded serve on", repository.Root);
        }
    }
}
