using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace InferenceService.FunctionalTests.Support;

/// <summary>
/// The service in-process, pointed at a model folder, with any extra settings (<c>Server:*</c>, <c>Inference:*</c>,
/// …) and optional service overrides. It serves the in-memory test server unless <see cref="StartKestrel"/> puts it
/// on a real socket. The model loads in the background after start: poll with <see cref="ReadyClientAsync"/> or
/// <see cref="WaitUntilSettledAsync"/> before predicting.
/// </summary>
public sealed class ServiceHost(
    string modelDir,
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new(settings ?? new Dictionary<string, string?>())
    {
        ["Inference:ModelDir"] = modelDir,
    };

    public string ModelDir { get; } = modelDir;

    /// <summary>The real port once <see cref="StartKestrel"/> has run; null on the in-memory test server.</summary>
    public int? Port { get; private set; }

    public static ServiceHost ForModel(string modelDir, params (string Key, string? Value)[] settings) =>
        new(modelDir, settings.ToDictionary(s => s.Key, s => s.Value));

    /// <summary>A shared model by name, e.g. <c>Serving("yolox-nano")</c>.</summary>
    public static ServiceHost Serving(string model, params (string Key, string? Value)[] settings) =>
        ForModel(SharedAssets.Model(model), settings);

    /// <summary>A host whose model folder does not exist: every route answers, /ping says 503 model-failed.</summary>
    public static ServiceHost WithoutModel(params (string Key, string? Value)[] settings) =>
        ForModel(Path.Combine(Path.GetTempPath(), "no-model-" + Guid.NewGuid().ToString("N")), settings);

    /// <summary>The same host with these service overrides added after the service's own registrations.</summary>
    public ServiceHost WithServices(Action<IServiceCollection> configure) => new(ModelDir, _settings, services + configure);

    /// <summary>Serves on a real Kestrel socket at 127.0.0.1:<see cref="Port"/>, for what the in-memory server cannot show.</summary>
    public ServiceHost StartKestrel()
    {
        var port = ServiceProcess.FreePort();
        _settings["Server:Port"] = port.ToString(CultureInfo.InvariantCulture);
        UseKestrel();
        StartServer();
        Port = port;
        return this;
    }

    /// <summary>A client of the real socket started by <see cref="StartKestrel"/>.</summary>
    public HttpClient CreateKestrelClient() => new()
    {
        BaseAddress = new Uri($"http://127.0.0.1:{Port ?? throw new InvalidOperationException("StartKestrel first.")}"),
        Timeout = TimeSpan.FromSeconds(30),
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // One intra-op thread unless a test sets it: many hosts run side by side on a small test machine.
        builder.UseSetting("Inference:IntraOpThreads", "1");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    /// <summary>A client for this host once /ping answers 200; fails with the last answer when it does not.</summary>
    public async Task<HttpClient> ReadyClientAsync()
    {
        var client = Port is null ? CreateClient() : CreateKestrelClient();
        using var ping = await WaitUntilSettledAsync(client);
        Assert.True(ping.StatusCode == HttpStatusCode.OK, $"{ModelDir} did not become ready: {(int)ping.StatusCode} {await ping.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Polls GET /ping until the model is no longer loading and returns that final answer.</summary>
    public async Task<HttpResponseMessage> WaitUntilSettledAsync(HttpClient client, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var ping = await client.GetAsync("/ping");
            var body = await ping.Content.ReadAsStringAsync();
            if (ping.StatusCode == HttpStatusCode.OK || !body.Contains("model-loading", StringComparison.Ordinal))
            {
                return ping;
            }

            ping.Dispose();
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"/ping still said loading after the timeout: {body}");
            }

            await Task.Delay(50);
        }
    }
}
