using System.Net;
using System.Text.Json;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Features;

public sealed class ModelInfoEndpointTests
{
    [SharedAssetFact]
    public async Task Model_reports_the_cpu_provider_and_why_auto_fell_back()
    {
        await using var service = ServiceHost.Serving("yolox-nano", ("Inference:Device", "auto"));
        var client = await service.ReadyClientAsync();

        using var info = JsonDocument.Parse(await client.GetStringAsync("/model"));
        Assert.Equal("CPUExecutionProvider", info.RootElement.GetProperty("execution_provider").GetString());
        Assert.Contains("CUDA", info.RootElement.GetProperty("device_fallback").GetString());
        Assert.Equal("yolox", info.RootElement.GetProperty("family").GetString(), ignoreCase: true);
        Assert.Equal(80, info.RootElement.GetProperty("label_count").GetInt32());
    }

    [SharedAssetFact]
    public async Task Cuda_without_a_gpu_keeps_ping_503_with_the_reason_and_model_503()
    {
        await using var service = ServiceHost.Serving("yolox-nano", ("Inference:Device", "cuda"));
        var client = service.CreateClient();
        var ping = await service.WaitUntilSettledAsync(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ping.StatusCode);
        Assert.Contains("INFERENCE_DEVICE=cuda", await ping.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/model")).StatusCode);
    }
}
