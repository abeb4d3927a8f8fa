using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace InferenceService.Hosting;

/// <summary>
/// The connection-level middleware of every endpoint (<see cref="FirstRequestDeadline"/>,
/// <see cref="RejectionProblemWriter"/>) and the request-level half they need: knowing when a request reached the
/// application, which only the request pipeline sees.
/// </summary>
public sealed class ConnectionGuards : IStartupFilter
{
    /// <summary>
    /// HTTP/1.1 only (what SageMaker and load balancers speak to a container): the rejection writer relies on one
    /// request at a time per connection, which HTTP/2's interleaved streams would break.
    /// </summary>
    public static void Apply(ListenOptions listen, KestrelServerLimits limits)
    {
        listen.Protocols = HttpProtocols.Http1;
        RejectionProblemWriter.Apply(listen);
        FirstRequestDeadline.Apply(listen, limits);
    }

    /// <summary>Runs first in the request pipeline, so the guards see a request as soon as Kestrel hands it over.</summary>
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(static (context, following) =>
        {
            FirstRequestDeadline.MarkArrived(context);
            RejectionProblemWriter.Track(context);
            return following(context);
        });
        next(app);
    };
}
