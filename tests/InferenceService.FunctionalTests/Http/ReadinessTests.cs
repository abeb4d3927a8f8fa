using System.Net;
using InferenceService.Inference;
using InferenceService.Inference.Families;
using InferenceService.Inference.Loading;
using InferenceService.Inference.Pipeline;
using InferenceService.FunctionalTests.Support;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InferenceService.FunctionalTests.Http;

/// <summary>/ping is 503 "loading" until the model has loaded and warmed up (Reliability/ModelFaultTests: when it cannot).</summary>
public sealed class ReadinessTests
{
    [SharedAssetFact]
    public async Task Ping_is_503_while_loading_then_200()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = ServiceHost.Serving("yolox-nano").WithServices(s => s.Replace(ServiceDescriptor.Singleton<IModelLoader>(
            sp => new HeldLoader(new ModelLoader(sp.GetRequiredService<FamilyRecogniser>()), gate.Task))));
        var client = host.CreateClient();

        using (var loading = await client.GetAsync("/ping"))
        {
            var detail = await ProblemAssert.IsProblemAsync(loading, HttpStatusCode.ServiceUnavailable, "model-loading");
            Assert.Contains("loading", detail, StringComparison.OrdinalIgnoreCase);
        }

        using (var early = await client.PostAsync("/invocations", Requests.Raw(Model.WarmUpImage.Create())))
        {
            await ProblemAssert.IsProblemAsync(early, HttpStatusCode.ServiceUnavailable, "model-loading");
        }

        gate.SetResult();
        await host.ReadyClientAsync();
        using var ready = await client.GetAsync("/ping");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Empty(await ready.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Loads only once the test opens the gate, so the loading state can be observed for certain.</summary>
    private sealed class HeldLoader(IModelLoader inner, Task gate) : IModelLoader
    {
        public InferencePipeline Load(InferenceOptions options, Action<string>? stage = null)
        {
            gate.Wait(TimeSpan.FromSeconds(60));
            return inner.Load(options, stage);
        }
    }
}
