using System.Net;
using System.Net.Sockets;

namespace InferenceService.Features.ImageUrls;

/// <summary>
/// The socket connect of the image URL client: resolves the host itself, refuses when any of its addresses is
/// not public, and connects to exactly the addresses it checked, so a DNS answer cannot change between the check
/// and the connection (DNS rebinding).
/// </summary>
public sealed class GuardedConnector(bool allowLoopback)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new ImageUrlRefusedException(StatusCodes.Status422UnprocessableEntity, $"The host '{host}' has no addresses.");
        }

        foreach (var address in addresses)
        {
            if (AddressGuard.Refusal(address, allowLoopback) is { } reason)
            {
                throw new ImageUrlRefusedException(StatusCodes.Status422UnprocessableEntity,
                    $"The host '{host}' resolves to {address}, which is refused because {reason}.");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
