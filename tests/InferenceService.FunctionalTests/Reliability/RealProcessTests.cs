using System.Net.Sockets;
using System.Text;
using InferenceService.FunctionalTests.Support;

namespace InferenceService.FunctionalTests.Reliability;

/// <summary>Behaviour only a real Kestrel and a real process show: signals and slow clients.</summary>
public sealed class RealProcessTests
{
    private static async Task<NetworkStream> ConnectAsync(ServiceProcess service)
    {
        var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", service.Port);
        return socket.GetStream();
    }

    private static Task<string> ReadToEndAsync(NetworkStream stream, TimeSpan limit) => RawHttp.ReadToEndAsync(stream, limit);

    [SharedAssetFact]
    public async Task Sigterm_lets_an_in_flight_request_finish_then_exits_0()
    {
        using var service = ServiceProcess.StartServing(SharedAssets.Model("yolox-nano"), ("SHUTDOWN_TIMEOUT", "30"));
        await service.WaitUntilReadyAsync();
        var image = TestImages.Jpeg(320, 240);
        var stream = await ConnectAsync(service);
        var head = $"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\nContent-Length: {image.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(image.AsMemory(0, image.Length / 2));
        await stream.FlushAsync();
        await Task.Delay(300); // let Kestrel start the request before the signal arrives

        service.Signal("TERM");
        await Task.Delay(300);
        await stream.WriteAsync(image.AsMemory(image.Length / 2));
        var response = await ReadToEndAsync(stream, TimeSpan.FromSeconds(30));

        Assert.StartsWith("HTTP/1.1 200", response);
        Assert.Contains("\"task\":\"detection\"", response);
        Assert.True(service.Process.WaitForExit(30_000), "the service did not exit after SIGTERM");
        Assert.Equal(0, service.Process.ExitCode);
    }

    [Fact]
    public async Task Headers_that_arrive_too_slowly_get_the_connection_closed()
    {
        using var service = ServiceProcess.StartServing("/nonexistent-model", ("Server__RequestHeadersTimeoutSeconds", "1"));
        await WaitForListeningAsync(service);
        var stream = await ConnectAsync(service);
        await stream.WriteAsync("GET /ping HTTP/1.1\r\nHost: x\r\n"u8.ToArray());

        // Never finish the headers: Kestrel must give up on its own well before the read limit.
        var response = await ReadToEndAsync(stream, TimeSpan.FromSeconds(20));
        Assert.True(response.Length == 0 || response.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), response);
        Assert.False(service.Process.HasExited);
    }

    [SharedAssetFact]
    public async Task Body_that_trickles_below_the_minimum_rate_is_cut_off_and_the_server_stays_up()
    {
        using var service = ServiceProcess.StartServing(SharedAssets.Model("yolox-nano"),
            ("Server__MinRequestBodyBytesPerSecond", "1000"), ("Server__MinRequestBodyGraceSeconds", "2"));
        await service.WaitUntilReadyAsync();
        var stream = await ConnectAsync(service);
        await stream.WriteAsync("POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\nContent-Length: 100000\r\n\r\n"u8.ToArray());
        var reader = ReadToEndAsync(stream, TimeSpan.FromSeconds(30));
        for (var i = 0; i < 20 && !reader.IsCompleted; i++)
        {
            try
            {
                await stream.WriteAsync(new byte[] { 0xFF });
            }
            catch (IOException)
            {
                break;
            }

            await Task.Delay(500);
        }

        Assert.True(reader.IsCompleted || await Task.WhenAny(reader, Task.Delay(10_000)) == reader, "the trickling body was never cut off");
        var response = await reader;
        Assert.True(response.Length == 0 || response.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), response);
        using var client = service.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/ping")).StatusCode);
    }

    [SharedAssetFact]
    public async Task Model_folder_that_breaks_the_label_parser_leaves_the_process_up_and_SIGTERM_exits_0()
    {
        using var folder = new TempFolder();
        File.CreateSymbolicLink(Path.Combine(folder.Path, "model.onnx"), Path.Combine(SharedAssets.Model("yolox-nano"), "model.onnx"));
        File.WriteAllText(Path.Combine(folder.Path, "label_map.pbtxt"), "item {\n  id: 99999999999\n  name: 'x'\n}\n");
        using var service = ServiceProcess.StartServing(folder.Path);

        var ping = await WaitForPingAsync(service, "model-failed");
        Assert.Contains("label_map.pbtxt", ping, StringComparison.Ordinal);
        await Task.Delay(1000); // the crash this guards against stopped the host half a second after the failure
        Assert.False(service.Process.HasExited, service.Output);

        service.Signal("TERM");
        Assert.True(service.WaitForExit(TimeSpan.FromSeconds(30)), "the service did not exit after SIGTERM");
        Assert.Equal(0, service.ExitCode);
    }

    [Fact]
    public async Task SIGTERM_while_the_model_file_never_finishes_reading_exits_0_at_once()
    {
        using var folder = new TempFolder();
        Fifo.Create(Path.Combine(folder.Path, "model.onnx"));
        using var service = ServiceProcess.StartServing(folder.Path, ("SHUTDOWN_TIMEOUT", "30"));

        await WaitForPingAsync(service, "reading model.onnx");
        service.Signal("TERM");

        // The blocked read is abandoned: shutdown neither waits for it nor for the 30 s grace period.
        Assert.True(service.WaitForExit(TimeSpan.FromSeconds(15)), "SIGTERM waited for a load that never ends: " + service.Output);
        Assert.Equal(0, service.ExitCode);
    }

    [Fact]
    public void Startup_that_throws_exits_non_zero()
    {
        using var service = ServiceProcess.StartServing("/nonexistent-model", ("JPEG_QUALITY", "0"));

        Assert.True(service.WaitForExit(TimeSpan.FromSeconds(60)), "the service started with an invalid JPEG_QUALITY");
        Assert.NotEqual(0, service.ExitCode);
        Assert.Contains("JPEG_QUALITY", service.Output, StringComparison.Ordinal);
    }

    /// <summary>Polls /ping until its body contains <paramref name="text"/>; the process must stay up meanwhile.</summary>
    private static async Task<string> WaitForPingAsync(ServiceProcess service, string text)
    {
        using var client = service.CreateClient();
        var body = "";
        for (var attempt = 0; attempt < 600; attempt++)
        {
            Assert.False(service.Process.HasExited, "the service exited: " + service.Output);
            try
            {
                body = await (await client.GetAsync("/ping")).Content.ReadAsStringAsync();
                if (body.Contains(text, StringComparison.Ordinal))
                {
                    return body;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"/ping never said '{text}'; last: {body}\n{service.Output}");
    }

    /// <summary>Any answer from /ping: the socket is open.</summary>
    private static Task WaitForListeningAsync(ServiceProcess service) => WaitForPingAsync(service, "");
}
