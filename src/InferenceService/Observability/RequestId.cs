using Serilog.Context;

namespace InferenceService.Observability;

/// <summary>
/// One id per request, taken from SageMaker's X-Amzn-RequestId or a caller's X-Request-Id (when it is a sane
/// token), else generated; pushed onto every log line of the request and echoed in the response.
/// </summary>
public sealed class RequestId(RequestDelegate next)
{
    public const string AmazonHeader = "X-Amzn-RequestId";
    public const string Header = "X-Request-Id";
    private const int MaxLength = 128;

    public async Task InvokeAsync(HttpContext context)
    {
        var id = Accept(context.Request.Headers[AmazonHeader]) ?? Accept(context.Request.Headers[Header]) ?? Guid.NewGuid().ToString("N");
        context.TraceIdentifier = id;

        // Set as the response starts, not now: the exception handler clears the headers of a failed request.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[Header] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        using (LogContext.PushProperty("RequestId", id))
        {
            await next(context);
        }
    }

    /// <summary>Caller ids end up in logs and headers: only short ids of visible ASCII without spaces are kept.</summary>
    private static string? Accept(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxLength && value.All(c => c is > ' ' and < '\u007f') ? value : null;
}

public static class RequestIdSetup
{
    public static WebApplication UseRequestId(this WebApplication app)
    {
        app.UseMiddleware<RequestId>();
        return app;
    }
}
