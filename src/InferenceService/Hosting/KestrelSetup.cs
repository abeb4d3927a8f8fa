using System.Net;

namespace InferenceService.Hosting;

public static class KestrelSetup
{
    /// <summary>
    /// Listens on BindAddress:Port, 0.0.0.0 unless told otherwise (never loopback by default: SageMaker connects
    /// from outside the container).
    /// </summary>
    public static WebApplicationBuilder AddKestrelEndpoint(this WebApplicationBuilder builder)
    {
        var server = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        if (!IPAddress.TryParse(server.BindAddress, out var address))
        {
            throw new InvalidOperationException(
                $"Server:BindAddress (BIND_ADDRESS) '{server.BindAddress}' is not an IP address: use 0.0.0.0, ::, 127.0.0.1 or an interface's address.");
        }

        if (server.MaxPayloadInMB is <= 0 || server.MaxBodyBytes is <= 0)
        {
            throw new InvalidOperationException("Server:MaxBodyBytes (MAX_BODY_BYTES) and Server:MaxPayloadInMB (SAGEMAKER_MAX_PAYLOAD_IN_MB) must be positive.");
        }

        builder.Services.Configure<ServerOptions>(builder.Configuration.GetSection(ServerOptions.Section));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, server.Port, listen => ConnectionGuards.Apply(listen, kestrel.Limits));
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = server.BodyLimit;
        });
        builder.Services.AddSingleton<IStartupFilter, ConnectionGuards>();
        return builder;
    }
}
