using System.Net;
using System.Text.Json;
using InferenceService.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace InferenceService.Tests.Features;

public sealed class ModelInfoEndpointTests
{
    private static WebApplicationFactory<Program> Service(string device) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Inference:ModelDir", SharedAssets.Model("yolox-nano"));
            builder.UseSetting("Inference:Device", device);
            builder.UseSetting("Inference:IntraOpThreads", "1");
        });

    private static async Task<HttpResponseMessage> PingUntilSettled(HttpClient client)
    {
        for (var i = 0; i < 300; i++)
        {
            var ping = await client.GetAsync("/ping");
            if (ping.StatusCode == HttpStatusCode.OK || (await ping.Content.ReadAsStringAsync()).Contains("model-failed"))
            {
                return ping;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("/ping neither turned 200 nor reported a failed model within 30 s.");
    }

    [SharedAssetFact]
    public async Task Model_reports_the_cpu_provider_and_why_auto_fell_back()
    {
        await using var service = Service("auto");
        var client = service.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await PingUntilSettled(client)).StatusCode);

        using var info = JsonDocument.Parse(await client.GetStringAsync("/model"));
        Assert.Equal("CPUExecutionProvider", info.RootElement.GetProperty("execution_provider").GetString());
        Assert.Contains("CUDA", info.RootElement.GetProperty("device_fallback").GetString());
        Assert.Equal("yolox", info.RootElement.GetProperty("family").GetString(), ignoreCase: true);
        Assert.Equal(80, info.RootElement.GetProperty("label_count").GetInt32());
    }

    [SharedAssetFact]
    public async Task Cuda_without_a_gpu_keeps_ping_503_with_the_reason_and_model_503()
    {
        await using var service = Service("cuda");
        var client = service.CreateClient();
        var ping = await PingUntilSettled(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ping.StatusCode);
        Assert.Contains("INFERENCE_DEVICE=cuda", await ping.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/model")).StatusCode);
    }
}
