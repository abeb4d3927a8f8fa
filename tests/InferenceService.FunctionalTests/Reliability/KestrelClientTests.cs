using System.Net.Sockets;
using System.Text;
using InferenceService.FunctionalTests.Support;
using Serilog.Core;
using Serilog.Events;

namespace InferenceService.FunctionalTests.Reliability;

/// <summary>
/// What a real Kestrel does with misbehaving clients (the in-process test server neither times bodies out nor
/// checks response headers): each is answered or dropped with its real status and logged once, below Error.
/// </summary>
public sealed class KestrelClientTests : IAsyncLifetime
{
    private readonly CapturedLog _log = new();
    private ServiceHost? _host;

    public async Task InitializeAsync()
    {
        if (!SharedAssets.Available)
        {
            return;
        }

        _host = ServiceHost.Serving("yolox-nano", ("Server:MinRequestBodyGraceSeconds", "2"))
            .WithServices(s => s.AddSingleton<ILogEventSink>(_log))
            .StartKestrel();
        using var client = _host.CreateKestrelClient();
        await _host.WaitUntilSettledAsync(client);
    }

    public Task DisposeAsync()
    {
        _host?.Dispose();
        return Task.CompletedTask;
    }

    private async Task<NetworkStream> SendHeadAsync(string head, byte[]? body = null)
    {
        var socket = await _host!.ConnectAsync();
        socket.NoDelay = true;
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(head));
        if (body is not null)
        {
            await stream.WriteAsync(body);
        }

        await stream.FlushAsync();
        return stream;
    }

    /// <summary>Waits for the request line of /invocations, which comes once the request is over.</summary>
    private async Task<LogEvent> RequestLineAsync()
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var line = _log.Events.FirstOrDefault(e => e.Properties.TryGetValue("RequestPath", out var p) && p.ToString() == "\"/invocations\"");
            if (line is not null)
            {
                return line;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("no request line was logged for /invocations: " + string.Join("\n", _log.Events.Select(e => $"{e.Level} {e.RenderMessage()} {e.Exception}")));
    }

    [SharedAssetFact]
    public async Task Body_that_trickles_in_too_slowly_gets_408_problem_and_no_error_log()
    {
        var stream = await SendHeadAsync(
            "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\nContent-Length: 100000\r\n\r\n", new byte[10]);

        var response = await RawHttp.ReadToEndAsync(stream, TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 408", response);
        Assert.Contains("application/problem+json", response);
        var line = await RequestLineAsync();
        Assert.Equal("408", line.Properties["StatusCode"].ToString());
        Assert.True(line.Level <= LogEventLevel.Warning, $"request line at {line.Level}");
        Assert.Empty(_log.Errors());
    }

    [SharedAssetTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Client_that_aborts_mid_body_is_logged_once_without_error(bool reset)
    {
        var stream = await SendHeadAsync(
            "POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\nContent-Length: 100000\r\n\r\n", new byte[1000]);
        await Task.Delay(500);
        if (reset)
        {
            stream.Socket.LingerState = new LingerOption(true, 0);
        }

        stream.Socket.Close();

        var line = await RequestLineAsync();

        // A closed connection is a truncated body (400, which a half-closed client may still read); a reset is 499.
        Assert.Contains(line.Properties["StatusCode"].ToString(), reset ? new[] { "499" } : ["400", "499"]);
        Assert.True(line.Level <= LogEventLevel.Warning, $"request line at {line.Level}");
        Assert.True(_log.Errors().Count == 0, string.Join("\n", _log.Errors()));
    }

    [SharedAssetFact]
    public async Task UTF8_class_name_in_the_custom_attributes_header_is_served_not_500()
    {
        var image = TestImages.Jpeg();
        var stream = await SendHeadAsync(
            $"POST /invocations HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: image/jpeg\r\nContent-Length: {image.Length}\r\n" +
            "X-Amzn-SageMaker-Custom-Attributes: classes=café\r\n\r\n",
            image);

        var response = await RawHttp.ReadToEndAsync(stream, TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 200", response);
        Assert.Contains("X-Amzn-SageMaker-Custom-Attributes: classes=caf%C3%A9\r\n", response, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_log.Errors());
    }
}
