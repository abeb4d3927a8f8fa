using Microsoft.AspNetCore.Diagnostics;

namespace InferenceService.Problems;

public static class ProblemSetup
{
    public static IServiceCollection AddProblemResponses(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = FrameworkProblems.Adopt);

    /// <summary>
    /// Kestrel's own rejections (body over the limit, bad framing) keep their 4xx status; anything unexpected is a
    /// 500 problem without internals. Unmatched routes and methods get problem bodies too.
    /// </summary>
    public static WebApplication UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = FrameworkProblems.StatusFor });
        app.UseStatusCodePages();
        return app;
    }
}
