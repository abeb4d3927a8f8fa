using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace InferenceService.FunctionalTests.Support;

/// <summary>An HTTP server on 127.0.0.1 (a free port) that stands in for the host of image URLs.</summary>
public sealed class LoopbackOrigin : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackOrigin(WebApplication app, string baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>"http://127.0.0.1:PORT", without a trailing slash.</summary>
    public string BaseAddress { get; }

    /// <summary>Starts a server whose middleware and routes <paramref name="map"/> adds.</summary>
    public static async Task<LoopbackOrigin> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackOrigin(app, address);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
