using System.Net;
using System.Net.Http.Headers;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Observability;

public sealed class MetricsAndRequestIdTests
{
    [SharedAssetFact]
    public async Task Metrics_expose_request_counts_stage_latencies_queue_in_flight_batch_and_model_load_time()
    {
        using var host = ServiceHost.Serving("yolox-nano");
        var client = await host.ReadyClientAsync();
        var content = new ByteArrayContent(TestImages.Jpeg());
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/invocations", content)).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.PostAsync("/invocations", new StringContent("x"))).StatusCode);

        var metrics = await client.GetStringAsync("/metrics");

        Assert.Contains("http_requests_received_total{code=\"200\",method=\"POST\"", metrics);
        Assert.Contains("http_requests_received_total{code=\"415\",method=\"POST\"", metrics);
        Assert.Contains("http_request_duration_seconds_bucket", metrics);
        foreach (var stage in new[] { "decode", "inference", "postprocess" })
        {
            Assert.Contains($"inference_stage_duration_seconds_count{{model=\"yolox-nano\",stage=\"{stage}\"}} 1", metrics);
        }

        Assert.Contains("inference_batch_size_count{model=\"yolox-nano\"} 1", metrics);
        Assert.Contains("inference_queue_depth 0", metrics);
        Assert.Contains("inference_in_flight 0", metrics);
        Assert.Matches(@"inference_model_load_seconds [0-9.]+(e-?\d+)?\n", metrics);
        Assert.DoesNotContain("inference_model_load_seconds 0\n", metrics);
    }

    [Fact]
    public async Task Made_up_methods_and_unknown_paths_leave_metrics_with_a_bounded_set_of_series()
    {
        using var host = ServiceHost.WithoutModel();
        var client = host.CreateClient();
        for (var i = 0; i < 100; i++)
        {
            await client.SendAsync(new HttpRequestMessage(new HttpMethod($"M{i}X"), "/invocations"));
            await client.GetAsync($"/no/such/path/{Guid.NewGuid():N}");
        }

        var metrics = await client.GetStringAsync("/metrics");

        var series = metrics.Split('\n').Where(l => l.StartsWith("http_", StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(series, l => l.Contains("M1X", StringComparison.Ordinal) || l.Contains("/no/such", StringComparison.Ordinal));
        Assert.Contains(series, l => l.StartsWith("http_requests_received_total{", StringComparison.Ordinal) && l.Contains("method=\"other\"", StringComparison.Ordinal) && l.Contains("endpoint=\"unmatched\"", StringComparison.Ordinal));
        Assert.Contains(series, l => l.StartsWith("http_requests_received_total{", StringComparison.Ordinal) && l.Contains("method=\"GET\"", StringComparison.Ordinal) && l.Contains("endpoint=\"unmatched\"", StringComparison.Ordinal));
        Assert.InRange(series.Length, 1, 100);
    }

    [Fact]
    public async Task Metrics_endpoint_is_absent_when_disabled()
    {
        using var host = ServiceHost.WithoutModel(("Server:MetricsEnabled", "false"));
        var response = await host.CreateClient().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("X-Amzn-RequestId")]
    [InlineData("X-Request-Id")]
    public async Task Request_id_from_the_caller_is_echoed_in_the_response(string header)
    {
        using var host = ServiceHost.WithoutModel();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ping");
        request.Headers.Add(header, "abc-123");
        var response = await host.CreateClient().SendAsync(request);
        Assert.Equal("abc-123", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task Request_id_is_generated_when_absent_and_when_the_callers_is_unsafe()
    {
        using var host = ServiceHost.WithoutModel();
        var client = host.CreateClient();
        var generated = (await client.GetAsync("/ping")).Headers.GetValues("X-Request-Id").Single();
        Assert.Matches("^[0-9a-f]{32}$", generated);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/ping");
        request.Headers.TryAddWithoutValidation("X-Request-Id", new string('a', 500));
        var replaced = (await client.SendAsync(request)).Headers.GetValues("X-Request-Id").Single();
        Assert.Matches("^[0-9a-f]{32}$", replaced);
    }
}
