using System.Diagnostics;
using System.Globalization;
using Prometheus;

namespace InferenceService.Observability;

/// <summary>
/// Request count, latency and in-progress requests by status code, method and endpoint, under prometheus-net's
/// metric names. Series never expire, so every label value is bounded: a method outside HTTP's standard set counts
/// as <c>other</c> and a request no route took as endpoint <c>unmatched</c> (prometheus-net's own middleware labels
/// by the raw method: 23 000 made-up methods grew /metrics to 54 MB).
/// </summary>
public sealed class HttpMetrics
{
    public const string OtherMethod = "other";
    public const string Unmatched = "unmatched";

    private readonly RequestDelegate _next;
    private readonly Counter _requests;
    private readonly Histogram _durations;
    private readonly Gauge _inProgress;

    public HttpMetrics(RequestDelegate next, ServiceMetrics metrics)
    {
        _next = next;
        string[] labels = ["code", "method", "endpoint"];
        _requests = metrics.Factory.CreateCounter(
            "http_requests_received_total", "HTTP requests answered, by status code, method and endpoint.", labels);
        _durations = metrics.Factory.CreateHistogram(
            "http_request_duration_seconds", "Time to answer an HTTP request, by status code, method and endpoint.",
            new HistogramConfiguration { LabelNames = labels, Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });
        _inProgress = metrics.Factory.CreateGauge("http_requests_in_progress", "HTTP requests being answered now, by method.", ["method"]);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var method = Method(context.Request.Method);
        var inProgress = _inProgress.WithLabels(method);
        inProgress.Inc();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await _next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            inProgress.Dec();
            var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? Unmatched;
            var code = status.ToString(CultureInfo.InvariantCulture);
            _requests.WithLabels(code, method, endpoint).Inc();
            _durations.WithLabels(code, method, endpoint).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private static string Method(string method) => method switch
    {
        "GET" or "HEAD" or "POST" or "PUT" or "DELETE" or "CONNECT" or "OPTIONS" or "TRACE" or "PATCH" => method,
        _ => OtherMethod,
    };
}
