using System.Net;
using InferenceService.Tests.Support;
using Serilog.Core;

namespace InferenceService.Tests.Security;

/// <summary>One host serving YOLOX-Nano for a whole test class, with a 1 MB body limit so over-limit cases are cheap.</summary>
public sealed class ServedModelFixture : IAsyncLifetime
{
    public const long MaxBodyBytes = 1024 * 1024;

    public ServiceHost? Host { get; private set; }

    /// <summary>Everything the host logs.</summary>
    public CapturedLog Log { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (SharedAssets.Root is null)
        {
            return;
        }

        Host = ServiceHost.ForModel(SharedAssets.Model("yolox-nano"), ("Server:MaxBodyBytes", MaxBodyBytes.ToString()), ("Server:Workers", "2"))
            .WithServices(services => services.AddSingleton<ILogEventSink>(Log));
        Client = Host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await Host.WaitForModelAsync(Client)).StatusCode);
    }

    public Task DisposeAsync()
    {
        Host?.Dispose();
        return Task.CompletedTask;
    }
}
