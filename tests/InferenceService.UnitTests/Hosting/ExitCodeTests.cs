using InferenceService.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InferenceService.UnitTests.Hosting;

/// <summary>A background service that crashes stops the host; the process must then exit non-zero, not 0 as after SIGTERM.</summary>
public sealed class ExitCodeTests
{
    private sealed class Crashing : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new OverflowException("Value was either too large or too small for an Int32.");
        }
    }

    private sealed class Stopping(IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            lifetime.StopApplication();
        }
    }

    private static int RunUntilStopped<TService>() where TService : BackgroundService
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Services.AddHostedService<TService>();
        using var host = builder.Build();
        var exit = ExitCode.Watch(host.Services);
        Assert.True(Task.Run(host.Run).Wait(TimeSpan.FromSeconds(30)), "the host did not stop");
        return exit.AfterRun;
    }

    [Fact]
    public void A_background_service_that_crashes_makes_the_exit_code_1() => Assert.Equal(1, RunUntilStopped<Crashing>());

    [Fact]
    public void A_host_stopped_on_request_exits_0() => Assert.Equal(0, RunUntilStopped<Stopping>());
}
