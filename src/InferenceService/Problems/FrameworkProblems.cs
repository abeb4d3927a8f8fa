using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace InferenceService.Problems;

/// <summary>
/// The answers ASP.NET Core and Kestrel give on their own (no route, wrong method, malformed or oversized request,
/// timeout, unexpected exception) in this service's problem vocabulary, so a client switches on one set of types.
/// </summary>
public static class FrameworkProblems
{
    public static (string Slug, string Title) Describe(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ("bad-request", "The request is malformed"),
        StatusCodes.Status404NotFound => ("not-found", "No such resource"),
        StatusCodes.Status405MethodNotAllowed => ("method-not-allowed", "The method is not allowed on this resource"),
        StatusCodes.Status408RequestTimeout => ("request-timeout", "The request did not arrive in time"),
        StatusCodes.Status413PayloadTooLarge => ("body-too-large", "The request body is too large"),
        StatusCodes.Status414UriTooLong => ("uri-too-long", "The request line is too long"),
        StatusCodes.Status431RequestHeaderFieldsTooLarge => ("headers-too-large", "The request headers are too large"),
        StatusCodes.Status500InternalServerError => ("internal-error", "An unexpected error occurred"),
        _ => ("http-" + status, ReasonPhrases.GetReasonPhrase(status)),
    };

    /// <summary>The problem for a status the framework decided (a request Kestrel could not read, for instance).</summary>
    public static ProblemHttpResult For(int status, string detail)
    {
        var (slug, title) = Describe(status);
        return ProblemTypes.Create(status, slug, title, detail);
    }

    /// <summary>Gives a problem the framework wrote this service's type and title; the service's own problems pass unchanged.</summary>
    public static void Adopt(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type?.StartsWith(ProblemTypes.Prefix, StringComparison.Ordinal) == true)
        {
            return;
        }

        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var (slug, title) = Describe(status);
        problem.Type = ProblemTypes.Prefix + slug;
        problem.Title = title;

        // Kestrel's messages about a broken request ("Bad chunk size data.") help the caller and reveal nothing.
        if (status < StatusCodes.Status500InternalServerError && context.Exception is { } exception)
        {
            problem.Detail = exception.Message;
        }
    }

    /// <summary>
    /// A request Kestrel could not read keeps its 4xx; Kestrel reports a chunk size that overflows as an IOException
    /// around an OverflowException instead of a BadHttpRequestException, and that is the client's fault too.
    /// </summary>
    public static int StatusFor(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        IOException { InnerException: OverflowException } => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };
}
