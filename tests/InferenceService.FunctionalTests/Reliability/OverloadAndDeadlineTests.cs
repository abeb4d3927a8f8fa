using System.Net;
using System.Net.Http.Headers;
using InferenceService.Reliability;
using InferenceService.FunctionalTests.Support;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog.Core;
using Serilog.Events;

namespace InferenceService.FunctionalTests.Reliability;

public sealed class OverloadAndDeadlineTests
{
    private static readonly byte[] Image = InferenceService.Model.WarmUpImage.Create(64, 48);

    private static (ServiceHost Host, BlockingStage Stage) HostWithBlockingStage(params (string, string?)[] settings)
    {
        var stage = new BlockingStage();
        var host = ServiceHost.Serving("yolox-nano", settings)
            .WithServices(s => s.Replace(ServiceDescriptor.Singleton<IPredictionStage>(stage)));
        return (host, stage);
    }

    private static Task<HttpResponseMessage> PostImageAsync(HttpClient client)
    {
        var content = new ByteArrayContent(Image);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return client.PostAsync("/invocations", content);
    }

    private static async Task WaitForQueuedAsync(ServiceHost host, int queued)
    {
        var gate = host.Services.GetRequiredService<InferenceGate>();
        while (gate.Queued < queued)
        {
            await Task.Delay(10);
        }
    }

    [SharedAssetFact]
    public async Task Invocations_beyond_workers_and_queue_get_503_server_busy_with_Retry_After_and_queued_ones_are_served()
    {
        var (host, stage) = HostWithBlockingStage(("Server:Workers", "1"), ("Server:QueueLength", "1"), ("Server:RetryAfterSeconds", "3"));
        using var _ = host;
        var client = await host.ReadyClientAsync();

        var running = PostImageAsync(client);
        await stage.WaitUntilEnteredAsync();
        var queued = PostImageAsync(client);
        await WaitForQueuedAsync(host, 1);

        var refused = await PostImageAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
        var problem = await ProblemAssert.ReadAsync(refused);
        Assert.Equal("server-busy", problem.Slug);
        Assert.Equal("The server is at capacity, retry later", problem.Title);

        stage.Release(2);
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await queued).StatusCode);
    }

    [SharedAssetFact]
    public async Task A_flood_of_503_refusals_logs_one_rate_limited_warning_and_no_errors()
    {
        var log = new CapturedLog();
        var stage = new BlockingStage();
        using var host = ServiceHost.Serving("yolox-nano", ("Server:Workers", "1"), ("Server:QueueLength", "0"))
            .WithServices(s => s.Replace(ServiceDescriptor.Singleton<IPredictionStage>(stage)).AddSingleton<ILogEventSink>(log));
        var client = await host.ReadyClientAsync();
        var running = PostImageAsync(client);
        await stage.WaitUntilEnteredAsync();
        log.Clear();

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await PostImageAsync(client)).StatusCode);
        }

        Assert.Empty(log.Errors());
        Assert.InRange(log.Events.Count(e => e.Level >= LogEventLevel.Information), 1, 2);
        Assert.All(log.Events, e => Assert.True(e.Level <= LogEventLevel.Warning, e.RenderMessage()));
        stage.Release(1);
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
    }

    [SharedAssetFact]
    public async Task Invocations_that_outlive_the_deadline_get_504_deadline_exceeded_and_free_their_worker()
    {
        var (host, stage) = HostWithBlockingStage(("Server:Workers", "1"), ("Server:TimeoutSeconds", "1"));
        using var _ = host;
        var client = await host.ReadyClientAsync();

        var late = await PostImageAsync(client);
        Assert.Equal(HttpStatusCode.GatewayTimeout, late.StatusCode);
        var problem = await ProblemAssert.ReadAsync(late);
        Assert.Equal("deadline-exceeded", problem.Slug);
        Assert.Equal("The request took longer than its deadline", problem.Title);

        // The cancelled request gave its only worker back: the next one runs and is served.
        stage.Release(1);
        Assert.Equal(HttpStatusCode.OK, (await PostImageAsync(client)).StatusCode);
        Assert.Equal(0, host.Services.GetRequiredService<InferenceGate>().InFlight);
    }

    [SharedAssetFact]
    public async Task Requests_waiting_in_the_queue_past_the_deadline_get_504()
    {
        var (host, stage) = HostWithBlockingStage(("Server:Workers", "1"), ("Server:QueueLength", "4"), ("Server:TimeoutSeconds", "2"));
        using var _ = host;
        var client = await host.ReadyClientAsync();

        var running = PostImageAsync(client);
        await stage.WaitUntilEnteredAsync();
        var waiting = await PostImageAsync(client);
        Assert.Equal(HttpStatusCode.GatewayTimeout, waiting.StatusCode);
        Assert.Equal(HttpStatusCode.GatewayTimeout, (await running).StatusCode);
        stage.Release(2);
    }

    [SharedAssetFact]
    public void Pipeline_prediction_with_a_cancelled_token_stops_with_OperationCanceledException()
    {
        var options = new InferenceService.Inference.InferenceOptions { ModelDir = SharedAssets.Model("yolox-nano"), IntraOpThreads = 1 };
        using var host = ServiceHost.ForModel(options.ModelDir);
        var loader = host.Services.GetRequiredService<InferenceService.Inference.Loading.IModelLoader>();
        using var pipeline = loader.Load(options);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            pipeline.Predict(Image, new InferenceService.Inference.Pipeline.PredictionOptions(), new CancellationToken(canceled: true)));
    }
}
