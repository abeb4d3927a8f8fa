namespace InferenceService.Hosting;

/// <summary>
/// What the process exits with once the host has stopped. A background service that crashes stops .NET 10's host,
/// yet Run() then returns just as after SIGTERM and the process would exit 0 (.NET 11 rethrows instead); a
/// supervisor must see that failure, so it becomes 1. Startup errors need nothing: they escape Run() and abort.
/// </summary>
public sealed class ExitCode
{
    private readonly List<BackgroundService> _services;

    private ExitCode(List<BackgroundService> services) => _services = services;

    /// <summary>Taken before Run(), which disposes the service provider on its way out.</summary>
    public static ExitCode Watch(IServiceProvider services) =>
        new(services.GetServices<IHostedService>().OfType<BackgroundService>().ToList());

    public int AfterRun => _services.Any(s => s.ExecuteTask is { IsFaulted: true }) ? 1 : 0;
}
