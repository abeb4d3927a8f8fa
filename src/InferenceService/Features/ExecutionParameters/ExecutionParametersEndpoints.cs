using System.Text.Json.Serialization;
using InferenceService.Hosting;
using InferenceService.Reliability;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InferenceService.Features.ExecutionParameters;

/// <summary>
/// SageMaker Batch Transform asks this before sending records: how many requests at once, that one request may
/// carry many records (JSON Lines or instances), and the largest payload in MB.
/// </summary>
/// <remarks>SageMaker spells these keys in PascalCase, unlike this service's snake_case payloads.</remarks>
public sealed record ExecutionParametersResponse(
    [property: JsonPropertyName("MaxConcurrentTransforms")] int MaxConcurrentTransforms,
    [property: JsonPropertyName("BatchStrategy")] string BatchStrategy,
    [property: JsonPropertyName("MaxPayloadInMB")] int MaxPayloadInMB);

public static class ExecutionParametersEndpoints
{
    public static IEndpointRouteBuilder MapExecutionParameters(this IEndpointRouteBuilder app)
    {
        app.MapGet("/execution-parameters", Get)
            .WithTags("SageMaker")
            .WithName("ExecutionParameters")
            .WithSummary("Batch Transform's execution parameters: workers, MULTI_RECORD, payload limit in MB.");
        return app;
    }

    /// <summary>The workers are the gate's own count, so Batch Transform sends as many requests as run at once.</summary>
    internal static Ok<ExecutionParametersResponse> Get(IOptions<ServerOptions> server, InferenceGate gate) =>
        TypedResults.Ok(new ExecutionParametersResponse(
            gate.Workers,
            "MULTI_RECORD",
            (int)Math.Max(1, server.Value.BodyLimit / (1024 * 1024))));
}
