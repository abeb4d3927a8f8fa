using Microsoft.AspNetCore.Connections;

namespace InferenceService.Reliability;

/// <summary>
/// Requests that fail on the client's side end here with their real status: the client went away (499: nobody is
/// left to answer) or Kestrel gave up on the body (408 when it trickled in below the minimum rate, 400 when it
/// ended early). Left to the exception handler, each would log two errors with stack traces and a request line
/// saying 500; here the request line alone records it, and the status-code pages write the problem body.
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
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            context.Response.StatusCode = e.StatusCode;
        }
    }
}
