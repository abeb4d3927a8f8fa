using System.Net;
using System.Net.Http.Headers;
using System.Text;
using InferenceService.Reliability;
using InferenceService.FunctionalTests.Support;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InferenceService.FunctionalTests.Reliability;

/// <summary>Under overload a request is refused before its body is read, so refusals cost the server no upload time.</summary>
public sealed class AdmissionTests
{
    [SharedAssetFact]
    public async Task Request_that_cannot_get_a_worker_gets_503_before_its_body_is_sent_with_Connection_close()
    {
        var stage = new BlockingStage();
        using var service = ServiceHost.Serving("yolox-nano", ("Server:Workers", "1"), ("Server:QueueLength", "0"), ("Server:RetryAfterSeconds", "2"))
            .WithServices(s => s.Replace(ServiceDescriptor.Singleton<IPredictionStage>(stage)))
            .StartKestrel();
        using var client = await service.ReadyClientAsync();
        var content = new ByteArrayContent(TestImages.Jpeg(64, 48));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var running = client.PostAsync("/invocations", content);
        await stage.WaitUntilEnteredAsync();

        using var socket = await service.ConnectAsync();
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\nContent-Length: 5000000\r\n\r\n"));
        var refused = RawResponse.Parse(await RawHttp.ReadToEndAsync(stream, TimeSpan.FromSeconds(15)));

        refused.AssertProblem(503, "server-busy");
        Assert.Equal("close", refused.Header("Connection"));
        Assert.Equal("2", refused.Header("Retry-After"));
        stage.Release(1);
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
    }
}
