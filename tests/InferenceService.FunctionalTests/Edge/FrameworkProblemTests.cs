using System.Net;
using InferenceService.FunctionalTests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Serilog.Core;

namespace InferenceService.FunctionalTests.Edge;

/// <summary>Answers the framework and Kestrel give on their own still speak this service's problem language.</summary>
public sealed class FrameworkProblemTests
{
    [Fact]
    public async Task Unknown_route_is_a_not_found_problem_with_a_request_id()
    {
        using var host = ServiceHost.WithoutModel();
        var response = await host.CreateClient().GetAsync("/no-such-route");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "not-found");
        Assert.Single(response.Headers.GetValues("X-Request-Id"));
    }

    [Fact]
    public async Task Wrong_method_is_a_method_not_allowed_problem_with_a_request_id()
    {
        using var host = ServiceHost.WithoutModel();
        var response = await host.CreateClient().DeleteAsync("/ping");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Single(response.Headers.GetValues("X-Request-Id"));
    }

    [Fact]
    public async Task Unexpected_exception_is_an_internal_error_problem_with_a_request_id_and_no_internals()
    {
        using var host = ServiceHost.WithoutModel().WithServices(s => s.AddSingleton<IStartupFilter, ThrowOnBoom>());
        var response = await host.CreateClient().GetAsync("/boom");
        var detail = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.InternalServerError, "internal-error");
        Assert.DoesNotContain("secret", detail, StringComparison.Ordinal);
        Assert.Single(response.Headers.GetValues("X-Request-Id"));
    }

    [Fact]
    public async Task Head_ping_answers_like_get_ping_without_a_body()
    {
        using var service = ServiceHost.WithoutModel().StartKestrel();
        var get = RawResponse.Parse(await service.ExchangeAsync("GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        var head = RawResponse.Parse(await service.ExchangeAsync("HEAD /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        Assert.Equal(get.Status, head.Status);
        Assert.NotEmpty(get.Body);
        Assert.Equal("", head.Body);
        Assert.NotNull(head.Header("X-Request-Id"));
    }

    [Fact]
    public async Task Request_line_over_the_limit_is_a_uri_too_long_problem()
    {
        using var service = ServiceHost.WithoutModel().StartKestrel();
        var response = RawResponse.Parse(await service.ExchangeAsync($"GET /{new string('a', 9000)} HTTP/1.1\r\nHost: x\r\n\r\n"));
        response.AssertProblem(414, "uri-too-long");
        Assert.NotNull(response.Header("X-Request-Id"));
        Assert.Equal("close", response.Header("Connection"));
    }

    [Fact]
    public async Task Headers_over_the_limit_are_a_headers_too_large_problem()
    {
        using var service = ServiceHost.WithoutModel().StartKestrel();
        var response = RawResponse.Parse(await service.ExchangeAsync($"GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 40_000)}\r\n\r\n"));
        response.AssertProblem(431, "headers-too-large");
        Assert.NotNull(response.Header("X-Request-Id"));
    }

    [Fact]
    public async Task Malformed_request_that_Kestrel_rejects_is_a_bad_request_problem()
    {
        using var service = ServiceHost.WithoutModel().StartKestrel();
        var response = RawResponse.Parse(await service.ExchangeAsync("GET /ping HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"));
        response.AssertProblem(400, "bad-request");
        Assert.NotNull(response.Header("X-Request-Id"));
    }

    [Fact]
    public async Task Next_request_whose_headers_arrive_too_slowly_is_a_request_timeout_problem()
    {
        using var service = ServiceHost.WithoutModel(("Server:RequestHeadersTimeoutSeconds", "1"), ("Server:KeepAliveSeconds", "30")).StartKestrel();
        var text = await service.ExchangeAsync("GET /ping HTTP/1.1\r\nHost: x\r\n\r\nGET /ping HTTP/1.1\r\nHost: x\r\n");
        var second = text.IndexOf("HTTP/1.1 408", StringComparison.Ordinal);
        Assert.True(second > 0, text);
        var response = RawResponse.Parse(text[second..]);
        response.AssertProblem(408, "request-timeout");
        Assert.NotNull(response.Header("X-Request-Id"));
    }

    [SharedAssetFact]
    public async Task Chunk_size_that_overflows_is_a_bad_request_problem_not_a_500_nor_an_error_log()
    {
        var log = new CapturedLog();
        using var service = ServiceHost.Serving("yolox-nano").WithServices(s => s.AddSingleton<ILogEventSink>(log)).StartKestrel();
        await service.WaitUntilSettledAsync(service.CreateKestrelClient());
        var response = RawResponse.Parse(await service.ExchangeAsync(
            "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n"));
        response.AssertProblem(400, "bad-request");
        Assert.NotNull(response.Header("X-Request-Id"));
        Assert.Empty(log.Errors());
    }

    private sealed class ThrowOnBoom : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((context, following) => context.Request.Path == "/boom" ? throw new InvalidOperationException("secret") : following(context));
        };
    }
}
