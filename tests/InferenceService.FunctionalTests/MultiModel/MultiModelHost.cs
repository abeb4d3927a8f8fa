using System.Net;
using System.Net.Http.Json;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.MultiModel;

/// <summary>
/// A MULTI_MODEL_ROOT (or MODEL_REPOSITORY) the way SageMaker fills it: one real folder per shared model (its files linked in, so the
/// folder itself is under the root), plus a link that escapes the root.
/// </summary>
public sealed class MultiModelRoot : IDisposable
{
    private readonly TempFolder _folder = new();

    public MultiModelRoot()
        : this(SharedModels)
    {
        Directory.CreateSymbolicLink(Folder("escape"), SharedAssets.Model("yolox-nano"));
        var broken = Directory.CreateDirectory(Folder("broken")).FullName;
        File.WriteAllText(System.IO.Path.Combine(broken, "model.onnx"), "not an ONNX model");
    }

    /// <summary>Only these shared models, each in a folder of its name; no broken or escaping folder.</summary>
    public MultiModelRoot(IEnumerable<string> models)
    {
        foreach (var model in models)
        {
            Link(model, model);
        }
    }

    /// <summary>A real folder named <paramref name="name"/> holding links to the shared model's files.</summary>
    public string Link(string name, string model)
    {
        var folder = Directory.CreateDirectory(Folder(name)).FullName;
        foreach (var file in Directory.GetFiles(SharedAssets.Model(model)))
        {
            File.CreateSymbolicLink(System.IO.Path.Combine(folder, System.IO.Path.GetFileName(file)), file);
        }

        return folder;
    }

    /// <summary>Every shared model folder (the service serves each of them in single-model mode).</summary>
    public static IReadOnlyList<string> SharedModels =>
        SharedAssets.Available
            ? Directory.GetDirectories(System.IO.Path.Combine(SharedAssets.Root, "models")).Select(d => System.IO.Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList()
            : [];

    public string Path => _folder.Path;

    public string Folder(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => _folder.Dispose();
}

/// <summary>A multi-model host over a <see cref="MultiModelRoot"/>, with the given extra settings.</summary>
public sealed class MultiModelHost : IDisposable, IAsyncDisposable
{
    public MultiModelHost(params (string Key, string? Value)[] settings)
        : this(null, settings)
    {
    }

    public MultiModelHost(Action<IServiceCollection>? services, params (string Key, string? Value)[] settings)
    {
        var host = ServiceHost.WithoutModel([("MultiModel:Enabled", "true"), ("MultiModel:Root", Root.Path), .. settings]);
        Host = services is null ? host : host.WithServices(services);
        Client = Host.CreateClient();
    }

    public MultiModelRoot Root { get; } = new();

    public ServiceHost Host { get; }

    public HttpClient Client { get; }

    public Task<HttpResponseMessage> LoadAsync(string name, string url) =>
        Client.PostAsJsonAsync("/models", new Dictionary<string, string> { ["model_name"] = name, ["url"] = url });

    public async Task LoadOkAsync(string name, string model)
    {
        using var response = await LoadAsync(name, Root.Folder(model));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{model}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public Task<HttpResponseMessage> InvokeAsync(string name, string image = "dog.jpg")
    {
        var content = new ByteArrayContent(File.ReadAllBytes(SharedAssets.Image(image)));
        content.Headers.ContentType = new("image/jpeg");
        return Client.PostAsync($"/models/{name}/invoke", content);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        Root.Dispose();
    }
}

/// <summary>One host with every shared model loaded through POST /models, shared by a test class.</summary>
public sealed class AllModelsLoaded : IAsyncLifetime
{
    public MultiModelHost Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!SharedAssets.Available)
        {
            return;
        }

        Service = new MultiModelHost();
        foreach (var model in MultiModelRoot.SharedModels)
        {
            await Service.LoadOkAsync(model, model);
        }
    }

    public async Task DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }
    }
}
