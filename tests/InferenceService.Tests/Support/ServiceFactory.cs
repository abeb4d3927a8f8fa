using System.Net;
using InferenceService.Inference.Loading;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InferenceService.Tests.Support;

/// <summary>
/// The service in-process on a test server, pointed at a model folder, with any extra configuration
/// (<c>Server:MaxBodyBytes</c>, <c>Inference:ConfidenceThreshold</c>, …) and optionally a replacement loader.
/// The model loads in the background after start, so call <see cref="WaitUntilReadyAsync"/> before predicting.
/// </summary>
public sealed class ServiceFactory(
    string modelDir,
    IReadOnlyDictionary<string, string?>? settings = null,
    Func<IServiceProvider, IModelLoader>? loader = null) : WebApplicationFactory<Program>
{
    public string ModelDir { get; } = modelDir;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Inference:ModelDir", ModelDir);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (loader is not null)
        {
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<IModelLoader>();
                services.AddSingleton(loader);
            });
        }
    }

    /// <summary>Polls GET /ping until 200; fails with the last answer when it does not come in time.</summary>
    public async Task<HttpClient> WaitUntilReadyAsync(TimeSpan? timeout = null)
    {
        var client = CreateClient();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        string last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync("/ping");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return client;
            }

            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            await Task.Delay(50);
        }

        throw new TimeoutException($"/ping did not answer 200 within the timeout; last answer: {last}");
    }

    /// <summary>Polls GET /ping until it stops saying "loading" and returns that answer's status and body.</summary>
    public async Task<(HttpStatusCode Status, string Body)> WaitUntilSettledAsync(TimeSpan? timeout = null)
    {
        var client = CreateClient();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await client.GetAsync("/ping");
            var body = await response.Content.ReadAsStringAsync();
            if (!body.Contains("model-loading", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                return (response.StatusCode, body);
            }

            await Task.Delay(50);
        }
    }
}
