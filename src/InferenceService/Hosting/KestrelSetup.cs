namespace InferenceService.Hosting;

public static class KestrelSetup
{
    /// <summary>Listens on 0.0.0.0:Port (never loopback: SageMaker connects from outside the container).</summary>
    public static WebApplicationBuilder AddKestrelEndpoint(this WebApplicationBuilder builder)
    {
        var server = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        builder.Services.Configure<ServerOptions>(builder.Configuration.GetSection(ServerOptions.Section));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenAnyIP(server.Port, listen => ConnectionGuards.Apply(listen, kestrel.Limits));
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = server.MaxBodyBytes;
        });
        builder.Services.AddSingleton<IStartupFilter, ConnectionGuards>();
        return builder;
    }
}
