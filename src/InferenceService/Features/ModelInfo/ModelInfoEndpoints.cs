using InferenceService.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InferenceService.Features.ModelInfo;

public static class ModelInfoEndpoints
{
    /// <summary>What is being served and on which execution provider, so a GPU deployment can be verified.</summary>
    public static IEndpointRouteBuilder MapModelInfo(this IEndpointRouteBuilder app)
    {
        app.MapGroup("").WithTags("Model")
            .MapGet("/model", Describe)
            .WithName("ModelInfo")
            .WithSummary("The loaded model: family, task, input, label count, execution provider; 503 until it is ready.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddEndpointFilter<ReadinessFilter>();
        return app;
    }

    internal static Ok<ModelInfoResponse> Describe(ModelState state) =>
        TypedResults.Ok(ModelInfoResponse.From(state.ReadyPipeline, state.LoadTime));
}
