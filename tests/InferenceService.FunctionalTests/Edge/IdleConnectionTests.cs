using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Edge;

/// <summary>Connections that send nothing must not hold the server's connection slots for Kestrel's 130 s keep-alive default.</summary>
public sealed class IdleConnectionTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Connection_that_sends_nothing_is_closed_after_the_header_timeout_not_the_keep_alive_timeout()
    {
        using var service = ServiceHost.WithoutModel(("Server:RequestHeadersTimeoutSeconds", "2"), ("Server:KeepAliveSeconds", "120")).StartKestrel();
        using var idle = await service.ConnectAsync();

        var received = await RawHttp.ReadToEndAsync(idle.GetStream(), Generous);

        Assert.Equal("", received);
    }

    [Fact]
    public async Task Ping_is_answered_soon_after_idle_connections_took_every_connection_slot()
    {
        using var service = ServiceHost.WithoutModel(
            ("Server:RequestHeadersTimeoutSeconds", "2"), ("Server:KeepAliveSeconds", "120"), ("Server:MaxConcurrentConnections", "8")).StartKestrel();
        var idle = new List<System.Net.Sockets.TcpClient>();
        for (var i = 0; i < 8; i++)
        {
            idle.Add(await service.ConnectAsync());
        }

        using var client = service.CreateKestrelClient();
        var deadline = DateTime.UtcNow + Generous;
        HttpResponseMessage? ping = null;
        while (ping is null && DateTime.UtcNow < deadline)
        {
            try
            {
                ping = await client.GetAsync("/ping");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }

        idle.ForEach(socket => socket.Dispose());
        Assert.NotNull(ping);
        await ProblemAssert.IsProblemAsync(ping, System.Net.HttpStatusCode.ServiceUnavailable, "model-failed");
    }

    [Fact]
    public async Task Connection_idle_after_a_request_is_closed_after_the_keep_alive_timeout()
    {
        using var service = ServiceHost.WithoutModel(("Server:RequestHeadersTimeoutSeconds", "60"), ("Server:KeepAliveSeconds", "2")).StartKestrel();

        var received = await service.ExchangeAsync("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n", Generous);

        Assert.Equal(503, RawResponse.Parse(received).Status);
    }
}
