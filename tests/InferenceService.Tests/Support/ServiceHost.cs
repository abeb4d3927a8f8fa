using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace InferenceService.Tests.Support;

/// <summary>The service in-process with the given settings (Inference:*, Server:*) and optional service overrides.</summary>
public sealed class ServiceHost(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public static ServiceHost ForModel(string modelDir, params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Inference:ModelDir"] = modelDir, ["Inference:IntraOpThreads"] = "1" };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return new ServiceHost(settings);
    }

    public ServiceHost WithServices(Action<IServiceCollection> configure) => new(settings, configure);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    /// <summary>Polls /ping until the model is no longer loading; returns the final /ping response.</summary>
    public async Task<HttpResponseMessage> WaitForModelAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var ping = await client.GetAsync("/ping");
            if (ping.StatusCode == HttpStatusCode.OK || !(await ping.Content.ReadAsStringAsync()).Contains("model-loading", StringComparison.Ordinal))
            {
                return ping;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The model did not finish loading within 60 s.");
    }
}

/// <summary>Reads an RFC 7807 body.</summary>
public sealed record Problem(string? Type, string? Title, string? Detail, int? Status)
{
    public static async Task<Problem> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.Content.ReadAsStringAsync();
        return JsonSerializer.Deserialize<Problem>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    public string Slug => Type?.Replace("urn:inference-service:problem:", "", StringComparison.Ordinal) ?? "";
}
