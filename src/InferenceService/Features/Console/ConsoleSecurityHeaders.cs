namespace InferenceService.Features.Console;

/// <summary>
/// Strict headers on every console response: scripts and styles only from this origin (no inline script, so an
/// injected label cannot run), no framing (clickjacking), no MIME sniffing, no referrer leaving the page.
/// </summary>
public sealed class ConsoleSecurityHeaders : IEndpointFilter
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        return next(context);
    }
}
