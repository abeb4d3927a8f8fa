using System.Net;
using System.Text.Json;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.MultiModel;

/// <summary>A host in repository mode (MODEL_REPOSITORY) over a <see cref="MultiModelRoot"/>, with the given extra settings.</summary>
public sealed class RepositoryHost : IAsyncDisposable
{
    public RepositoryHost(MultiModelRoot root, params (string Key, string? Value)[] settings)
    {
        Root = root;
        Host = ServiceHost.WithoutModel([("Repository:Root", root.Path), .. settings]);
        Client = Host.CreateClient();
    }

    public MultiModelRoot Root { get; }

    public ServiceHost Host { get; }

    public HttpClient Client { get; }

    /// <summary>/ping's answer once the start-up loads have settled (generous: many models load on few cores).</summary>
    public Task<HttpResponseMessage> SettledPingAsync() => Host.WaitUntilSettledAsync(Client, TimeSpan.FromMinutes(5));

    public async Task ReadyAsync()
    {
        using var ping = await SettledPingAsync();
        Assert.True(ping.StatusCode == HttpStatusCode.OK, $"{(int)ping.StatusCode} {await ping.Content.ReadAsStringAsync()}");
    }

    /// <summary>POSTs dog.jpg to <paramref name="path"/>, naming <paramref name="targetModel"/> in SageMaker's header when given.</summary>
    public Task<HttpResponseMessage> PostPhotoAsync(string path, string? targetModel = null)
    {
        var content = new ByteArrayContent(File.ReadAllBytes(SharedAssets.Image("dog.jpg")));
        content.Headers.ContentType = new("image/jpeg");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (targetModel is not null)
        {
            request.Headers.Add("X-Amzn-SageMaker-Target-Model", targetModel);
        }

        return Client.SendAsync(request);
    }

    /// <summary>The "model" a 200 answer names, with the status and body for the assertion message otherwise.</summary>
    public async Task<string> AnsweringModelAsync(string path, string? targetModel = null)
    {
        using var response = await PostPhotoAsync(path, targetModel);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("model").GetString()!;
    }

    /// <summary>GET /models/{name} polled until <paramref name="done"/> holds on its status and body; fails past the timeout.</summary>
    public async Task<string> WaitForModelAsync(string name, Func<HttpStatusCode, string, bool> done, int timeoutSeconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            using var response = await Client.GetAsync($"/models/{name}");
            var body = await response.Content.ReadAsStringAsync();
            if (done(response.StatusCode, body))
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"/models/{name} did not change as expected: {(int)response.StatusCode} {body}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        Root.Dispose();
    }
}

/// <summary>Every shared model, a broken folder, a link escaping the root and a folder with an invalid name, served from one repository.</summary>
public sealed class WholeRepository : IAsyncLifetime
{
    public const string InvalidName = "-not a model name";

    public RepositoryHost Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!SharedAssets.Available)
        {
            return;
        }

        var root = new MultiModelRoot();
        root.Link(InvalidName, "yolox-nano");
        Service = new RepositoryHost(root);
        await Service.ReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }
    }
}
