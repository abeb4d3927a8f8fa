using System.Net.Sockets;
using System.Text;

namespace InferenceService.FunctionalTests.Support;

/// <summary>HTTP over a bare socket, for what HttpClient will not do: half a body, a reset, raw header bytes.</summary>
public static class RawHttp
{
    /// <summary>A new connection to a host started with <see cref="ServiceHost.StartKestrel"/>.</summary>
    public static async Task<TcpClient> ConnectAsync(this ServiceHost host)
    {
        var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", host.Port ?? throw new InvalidOperationException("StartKestrel first."));
        return socket;
    }

    /// <summary>Sends <paramref name="request"/> on a new connection and returns what comes back until the server closes it.</summary>
    public static async Task<string> ExchangeAsync(this ServiceHost host, string request, TimeSpan? limit = null)
    {
        using var socket = await host.ConnectAsync();
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        return await ReadToEndAsync(stream, limit ?? TimeSpan.FromSeconds(20));
    }

    /// <summary>Everything the server sends until it closes the connection or <paramref name="limit"/> passes.</summary>
    public static async Task<string> ReadToEndAsync(NetworkStream stream, TimeSpan limit)
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
            // A reset is also the server closing the connection.
        }

        return text.ToString();
    }
}
