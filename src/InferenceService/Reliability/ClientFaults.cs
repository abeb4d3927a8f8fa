using Microsoft.AspNetCore.Connections;

namespace InferenceService.Reliability;

/// <summary>
/// Requests whose client went away end here as 499 (nobody is left to answer). Left to the exception handler, each
/// would log two errors with stack traces and a request line saying 500; here the request line alone records it.
/// A body Kestrel gave up on while the client is still there (408 too slow, 400 ended early) is answered as its
/// problem by <see cref="RequestGuard"/>, inside this middleware.
/// </summary>
public sealed class ClientFaults(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var clientAborted = context.RequestAborted;
        try
        {
            await next(context);
        }
        catch (Exception e) when (e is ConnectionResetException
            || (clientAborted.IsCancellationRequested && e is IOException or OperationCanceledException or BadHttpRequestException))
        {
            // A reset can surface from the body read before RequestAborted has fired. Aborting tells Kestrel too, so it
            // neither answers nor drains a body that will not come (which it would log as an error).
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            }

            context.Abort();
        }
    }
}
