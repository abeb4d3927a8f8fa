using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using InferenceService.Observability;
using InferenceService.FunctionalTests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace InferenceService.FunctionalTests.Observability;

/// <summary>
/// OTLP on (an endpoint nothing listens on: the spans are read from an in-memory exporter added beside it), a
/// caller's <c>traceparent</c>, and the spans the request leaves. Hosts in other tests share the process, so
/// spans are picked by the trace id this test sent.
/// </summary>
public sealed class TracingTests
{
    private static readonly string[] Stages = ["decode", "inference", "postprocess"];

    [SharedAssetFact]
    public async Task Prediction_continues_the_callers_trace_with_decode_inference_and_postprocess_spans()
    {
        var content = new ByteArrayContent(File.ReadAllBytes(SharedAssets.Image("dog.jpg")));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var callerSpanId = ActivitySpanId.CreateRandom();

        var (server, children) = await PredictTracedAsync(content, callerSpanId);
        Assert.Equal(callerSpanId, server.ParentSpanId);
        Assert.Equal("yolox-nano", server.GetTagItem("inference.model"));
        Assert.Equal("yolox", server.GetTagItem("inference.family"));
        Assert.Equal("detection", server.GetTagItem("inference.task"));
        Assert.Equal(768, server.GetTagItem("image.width"));
        Assert.Equal(576, server.GetTagItem("image.height"));
        Assert.Equal(4, server.GetTagItem("inference.detections"));
        Assert.Equal(Stages, children.Select(s => s.DisplayName));
        AssertStagesInOrderWithin(server, children);
    }

    [SharedAssetFact]
    public async Task Batch_gets_one_set_of_stage_spans_per_model_run()
    {
        var dog = Convert.ToBase64String(File.ReadAllBytes(SharedAssets.Image("dog.jpg")));
        var bus = Convert.ToBase64String(File.ReadAllBytes(SharedAssets.Image("bus.jpg")));
        var text = Convert.ToBase64String("plain text"u8.ToArray());
        var body = $$"""{"instances": [{"image": "{{dog}}"}, {"image": "not base64!"}, {"image": "{{text}}"}, {"image": "{{bus}}"}]}""";

        var (server, children) = await PredictTracedAsync(new StringContent(body, Encoding.UTF8, "application/json"), ActivitySpanId.CreateRandom());
        // The entry that is not base64 never reaches the model; the one that is not an image fails in it, alone.
        Assert.Equal(3, server.GetTagItem("inference.images"));
        Assert.Null(server.GetTagItem("image.width"));
        var runs = children.Chunk(Stages.Length).ToArray();
        Assert.All(runs, run => Assert.Equal(Stages, run.Select(s => s.DisplayName)));
        Assert.Equal(2, runs.Sum(run => (int)run[0].GetTagItem("inference.batch_size")!));
        AssertStagesInOrderWithin(server, children);
    }

    [Fact]
    public void Without_an_otlp_endpoint_no_tracer_or_meter_provider_is_registered()
    {
        using var host = ServiceHost.ForModel(NoModel());
        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
    }

    [Theory]
    [InlineData(null, "inference-service")]
    [InlineData("detector-eu", "detector-eu")]
    public void Service_name_defaults_to_inference_service_and_OTEL_SERVICE_NAME_overrides_it(string? configured, string expected)
    {
        using var host = ServiceHost.ForModel(NoModel(), (TelemetrySetup.EndpointKey, "http://127.0.0.1:9"), ("OTEL_SERVICE_NAME", configured));
        var resource = host.Services.GetRequiredService<TracerProvider>().GetResource();
        Assert.Equal(expected, resource.Attributes.Single(a => a.Key == "service.name").Value);
    }

    [Fact]
    public async Task AspNetCore_request_metrics_are_exported_when_otlp_is_on()
    {
        var metrics = new List<Metric>();
        using var host = ServiceHost.ForModel(NoModel(), (TelemetrySetup.EndpointKey, "http://127.0.0.1:9"))
            .WithServices(services => services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics)));
        await host.CreateClient().GetAsync("/ping");

        // The duration is recorded when hosting ends the request, which can be just after the in-process client
        // has its answer, so the reader is flushed until it shows up. ForceFlush itself answers false: the OTLP
        // reader beside the in-memory one has no collector to reach.
        var provider = host.Services.GetRequiredService<MeterProvider>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            provider.ForceFlush();
            if (metrics.Any(m => m.Name == "http.server.request.duration")) return;
            Assert.True(DateTime.UtcNow < deadline, "http.server.request.duration was not exported");
            await Task.Delay(50);
        }
    }

    private static string NoModel() => Path.Combine(Path.GetTempPath(), "no-model-" + Guid.NewGuid().ToString("N"));

    /// <summary>Posts <paramref name="content"/> to yolox-nano as a caller whose span is <paramref name="callerSpanId"/>; returns the trace it left.</summary>
    private static async Task<(Activity Server, Activity[] Children)> PredictTracedAsync(HttpContent content, ActivitySpanId callerSpanId)
    {
        var spans = new ExportedSpans();
        using var host = ServiceHost.ForModel(SharedAssets.Model("yolox-nano"), (TelemetrySetup.EndpointKey, "http://127.0.0.1:9"))
            .WithServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        var client = await host.ReadyClientAsync();
        var traceId = ActivityTraceId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = content };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        return await TraceAsync(spans, traceId);
    }

    /// <summary>
    /// The trace's server span and its children in start order. The server span ends after the answer has been
    /// sent, so it is waited for.
    /// </summary>
    private static async Task<(Activity Server, Activity[] Children)> TraceAsync(ExportedSpans spans, ActivityTraceId traceId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var trace = spans.Snapshot().Where(s => s.TraceId == traceId).ToArray();
            if (trace.SingleOrDefault(s => s.Kind == ActivityKind.Server) is { } server)
            {
                Assert.All(trace, s => Assert.True(s == server || s.ParentSpanId == server.SpanId, $"{s.DisplayName} is not a child of the server span"));
                return (server, trace.Where(s => s != server).OrderBy(s => s.StartTimeUtc).ToArray());
            }

            Assert.True(DateTime.UtcNow < deadline, "the request's server span was not exported");
            await Task.Delay(50);
        }
    }

    private static void AssertStagesInOrderWithin(Activity server, Activity[] children)
    {
        Assert.NotEmpty(children);
        var previousEnd = server.StartTimeUtc;
        foreach (var stage in children)
        {
            Assert.Equal(ActivityKind.Internal, stage.Kind);
            Assert.True(stage.StartTimeUtc >= previousEnd, $"{stage.DisplayName} starts before the span before it ends");
            previousEnd = stage.StartTimeUtc + stage.Duration;
        }

        Assert.True(previousEnd <= server.StartTimeUtc + server.Duration, "the stages end after the request");
    }

    /// <summary>The exporter adds from the thread that ends a span while the test reads.</summary>
    private sealed class ExportedSpans : Collection<Activity>
    {
        private readonly Lock _lock = new();

        public Activity[] Snapshot()
        {
            lock (_lock)
            {
                return [.. Items];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (_lock)
            {
                base.InsertItem(index, item);
            }
        }
    }
}
