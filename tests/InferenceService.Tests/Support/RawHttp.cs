using System.Net.Sockets;
using System.Text;

namespace InferenceService.Tests.Support;

/// <summary>HTTP over a bare socket, for what HttpClient will not do: half a body, a reset, raw header bytes.</summary>
public static class RawHttp
{
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
