using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace InferenceService.Hosting;

/// <summary>
/// Closes a connection whose first request has not reached the application within Kestrel's request headers timeout
/// of being accepted. Kestrel alone times a connection that has sent nothing yet with its keep-alive timeout (the
/// headers timeout only starts at the first byte), so silent connections held every connection slot for minutes.
/// After the first request, idle time between requests is Kestrel's keep-alive timeout.
/// </summary>
public sealed class FirstRequestDeadline
{
    private const int Waiting = 0;
    private const int Arrived = 1;
    private const int Expired = 2;

    private readonly ConnectionContext _connection;
    private readonly Timer _timer;
    private int _state;

    private FirstRequestDeadline(ConnectionContext connection, TimeSpan timeout)
    {
        _connection = connection;
        _timer = new Timer(static deadline => ((FirstRequestDeadline)deadline!).Expire(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts the deadline on every connection this endpoint accepts.</summary>
    public static void Apply(ListenOptions listen, KestrelServerLimits limits) => listen.Use(next => async connection =>
    {
        var deadline = new FirstRequestDeadline(connection, limits.RequestHeadersTimeout);
        connection.Features.Set(deadline);
        try
        {
            await next(connection);
        }
        finally
        {
            await deadline._timer.DisposeAsync();
        }
    });

    /// <summary>The request's headers are complete: the deadline is met (any later call is a no-op).</summary>
    public static void MarkArrived(HttpContext context)
    {
        if (context.Features.Get<FirstRequestDeadline>() is { } deadline &&
            Interlocked.CompareExchange(ref deadline._state, Arrived, Waiting) == Waiting)
        {
            deadline._timer.Dispose();
        }
    }

    private void Expire()
    {
        if (Interlocked.CompareExchange(ref _state, Expired, Waiting) == Waiting)
        {
            _connection.Abort(new ConnectionAbortedException("No complete request header within the request headers timeout."));
        }
    }
}
