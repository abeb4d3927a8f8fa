using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace InferenceService.Tests.Support;

/// <summary>The service in process with one shared model, ready (GET /ping answered 200) before use.</summary>
public sealed class ModelServer : WebApplicationFactory<Program>
{
    private readonly string _model;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    public ModelServer(string model, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _model = model;
        _settings = settings ?? new Dictionary<string, string?>();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Inference:ModelDir", SharedAssets.Model(_model));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client for a server whose model has loaded.</summary>
    public async Task<HttpClient> ReadyClientAsync()
    {
        var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var ping = await client.GetAsync("/ping");
            if (ping.StatusCode == HttpStatusCode.OK)
            {
                return client;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The model {_model} did not become ready: {await ping.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(100);
        }
    }
}
