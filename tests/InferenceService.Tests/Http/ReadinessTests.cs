using System.Net;
using InferenceService.Inference;
using InferenceService.Inference.Families;
using InferenceService.Inference.Loading;
using InferenceService.Inference.Pipeline;
using InferenceService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace InferenceService.Tests.Http;

/// <summary>/ping is 503 "loading" until the model has loaded and warmed up, and stays 503 with the reason when it cannot.</summary>
public sealed class ReadinessTests
{
    [SharedAssetFact]
    public async Task Ping_is_503_while_loading_then_200()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var factory = new ServiceFactory(SharedAssets.Model("yolox-nano"),
            loader: sp => new HeldLoader(new ModelLoader(sp.GetRequiredService<FamilyRecogniser>()), gate.Task));
        var client = factory.CreateClient();

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
        await factory.WaitUntilReadyAsync();
        using var ready = await client.GetAsync("/ping");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Empty(await ready.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Ping_is_503_with_the_reason_when_the_folder_is_missing()
    {
        var missing = Path.Combine(Path.GetTempPath(), "inference-tests-" + Guid.NewGuid().ToString("N"));
        await AssertFailsAsync(missing, "does not exist");
    }

    [Fact]
    public async Task Ping_is_503_with_the_reason_when_there_is_no_onnx_file()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "labels.txt"), "cat\ndog\n");
        await AssertFailsAsync(folder.Path, "no .onnx file");
    }

    [Fact]
    public async Task Ping_is_503_with_the_reason_when_the_onnx_file_is_corrupt()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "model.onnx"), "this is not a protobuf"u8.ToArray());
        await AssertFailsAsync(folder.Path, "model.onnx is not a loadable ONNX model");
    }

    private static async Task AssertFailsAsync(string modelDir, string reason)
    {
        await using var factory = new ServiceFactory(modelDir);
        var (status, body) = await factory.WaitUntilSettledAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("model-failed", body, StringComparison.Ordinal);
        Assert.Contains(reason, body, StringComparison.Ordinal);

        var client = factory.CreateClient();
        using var ping = await client.GetAsync("/ping");
        var detail = await ProblemAssert.IsProblemAsync(ping, HttpStatusCode.ServiceUnavailable, "model-failed");
        Assert.Contains(reason, detail, StringComparison.Ordinal);
        using var invocation = await client.PostAsync("/invocations", Requests.Raw(Model.WarmUpImage.Create()));
        await ProblemAssert.IsProblemAsync(invocation, HttpStatusCode.ServiceUnavailable, "model-failed");
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
