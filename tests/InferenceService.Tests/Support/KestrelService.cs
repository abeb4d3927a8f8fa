using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace InferenceService.Tests.Support;

/// <summary>
/// The service in-process on a real Kestrel socket (127.0.0.1:<see cref="Port"/>): for connection-level behaviour
/// (idle sockets, Kestrel's own rejections, answers sent before a body) that the in-memory test server cannot show.
/// </summary>
public sealed class KestrelService : IDisposable
{
    private KestrelService(ServiceHost host, int port)
    {
        Host = host;
        Port = port;
    }

    public ServiceHost Host { get; }

    public int Port { get; }

    public static KestrelService Start(string modelDir, Action<IServiceCollection>? services, params (string Key, string? Value)[] settings)
    {
        var port = ServiceProcess.FreePort();
        var host = ServiceHost.ForModel(modelDir, [.. settings, ("Server:Port", port.ToString(CultureInfo.InvariantCulture))]);
        if (services is not null)
        {
            host = host.WithServices(services);
        }

        host.UseKestrel();
        host.StartServer();
        return new KestrelService(host, port);
    }

    /// <summary>A service whose model folder does not exist: every route answers, /ping says 503 model-failed.</summary>
    public static KestrelService WithoutModel(params (string Key, string? Value)[] settings) =>
        Start(Path.Combine(Path.GetTempPath(), "no-model-" + Guid.NewGuid().ToString("N")), null, settings);

    public HttpClient CreateClient() => new() { BaseAddress = new Uri($"http://127.0.0.1:{Port}"), Timeout = TimeSpan.FromSeconds(30) };

    public async Task<TcpClient> ConnectAsync()
    {
        var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", Port);
        return socket;
    }

    /// <summary>Sends <paramref name="request"/> on a new connection and returns what comes back until the server closes it.</summary>
    public async Task<string> ExchangeAsync(string request, TimeSpan? limit = null)
    {
        using var socket = await ConnectAsync();
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        return await ReadUntilClosedAsync(stream, limit ?? TimeSpan.FromSeconds(20));
    }

    /// <summary>Reads until the server closes the connection (a reset counts as closing) or <paramref name="limit"/> passes.</summary>
    public static async Task<string> ReadUntilClosedAsync(NetworkStream stream, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        var text = new StringBuilder();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
        }

        return text.ToString();
    }

    public void Dispose() => Host.Dispose();
}
