using InferenceService.Model;
using InferenceService.Model.Repository;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InferenceService.Features.Ping;

public static class PingEndpoints
{
    /// <summary>
    /// SageMaker's health check: 200 with an empty body only once the model is loaded and warmed. HEAD answers the
    /// same without a body, for load balancers and probes that check with HEAD.
    /// </summary>
    public static IEndpointRouteBuilder MapPing(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Health");
        var ping = group.MapMethods("/ping", [HttpMethods.Get, HttpMethods.Head], Ping)
            .WithName("Ping")
            .WithSummary("Readiness: 200 once the model is loaded and warmed up, 503 with the reason before that.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        // A multi-model endpoint is up with no model loaded: SageMaker loads them only once /ping says 200.
        if (app.ServiceProvider.IsRepository())
        {
            ping.AddEndpointFilter<RepositoryReadinessFilter>();
        }
        else if (!app.ServiceProvider.IsMultiModel())
        {
            ping.AddEndpointFilter<ReadinessFilter>();
        }

        return app;
    }

    internal static Ok Ping() => TypedResults.Ok();
}
