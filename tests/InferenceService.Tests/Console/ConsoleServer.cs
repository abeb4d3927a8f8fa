using InferenceService.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace InferenceService.Tests.Console;

/// <summary>
/// The service on a real Kestrel port (a browser cannot reach the in-memory test server) with yolox-nano, and a
/// headless Debian chromium driven by Playwright. Chromium is installed by .ci/run; elsewhere its absence is a skip
/// with the reason, except under CI, where it fails.
/// </summary>
public sealed class ConsoleServer : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;

    public static string? Chromium { get; } =
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public static string? SkipReason => SharedAssets.SkipReason ?? (Chromium is null && Environment.GetEnvironmentVariable("CI") is null
        ? "Debian's chromium is not installed (apt-get install chromium; .ci/run installs it)."
        : null);

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        var port = ServiceProcess.FreePort();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Inference:ModelDir", SharedAssets.Model("yolox-nano"));
            builder.UseSetting("Server:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        _factory.UseKestrel();
        _factory.StartServer();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Client = new HttpClient { BaseAddress = BaseAddress };
        for (var attempt = 0; attempt < 600 && !(await Client.GetAsync("/ping")).IsSuccessStatusCode; attempt++)
        {
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}

public sealed class ConsoleFactAttribute : FactAttribute
{
    public ConsoleFactAttribute()
    {
        Skip = ConsoleServer.SkipReason;
    }
}
