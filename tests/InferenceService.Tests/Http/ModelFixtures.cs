using InferenceService.Tests.Support;

namespace InferenceService.Tests.Http;

/// <summary>One started service per real model, shared by the tests of a class (loading takes a second or two).</summary>
public abstract class ReadyServiceFixture(string model) : IAsyncLifetime
{
    public ServiceFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!SharedAssets.Available)
        {
            return;
        }

        Factory = new ServiceFactory(SharedAssets.Model(model));
        Client = await Factory.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }
    }
}

public sealed class YoloxNanoService() : ReadyServiceFixture("yolox-nano");

public sealed class YoloxNanoTfodService() : ReadyServiceFixture("yolox-nano-tfod");

public sealed class MobileNetV2SoftmaxService() : ReadyServiceFixture("mobilenetv2-softmax");
