namespace InferenceService.FunctionalTests.Support;

/// <summary>
/// One started, ready host shared by the tests of a class (<c>IClassFixture</c>), so a model loads once per class
/// rather than once per test. Classes that need other settings start their own <see cref="ServiceHost"/>.
/// </summary>
public abstract class ModelHost(Func<ServiceHost> create) : IAsyncLifetime
{
    protected ModelHost(string model)
        : this(() => ServiceHost.Serving(model))
    {
    }

    public ServiceHost Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Why the tests using this host are skipped, so it is not started for nothing; null to start it.</summary>
    protected virtual string? SkipReason => SharedAssets.SkipReason;

    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        Host = create();
        Client = await Host.ReadyClientAsync();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}

public sealed class YoloxNanoService() : ModelHost("yolox-nano");

public sealed class YoloxNanoTfodService() : ModelHost("yolox-nano-tfod");

public sealed class MobileNetV2SoftmaxService() : ModelHost("mobilenetv2-softmax");

/// <summary>A classifier with a dynamic batch dimension ([N,3,224,224]).</summary>
public sealed class MobileNetV2Int8Service() : ModelHost("mobilenetv2-12-int8");
