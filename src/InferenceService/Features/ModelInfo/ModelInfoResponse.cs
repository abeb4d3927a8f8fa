using System.Text.Json.Serialization;
using InferenceService.Inference.Pipeline;

namespace InferenceService.Features.ModelInfo;

public sealed record ModelInfoResponse(
    string Model,
    string Family,
    string Task,
    string Input,
    string Preprocess,
    int LabelCount,
    string? LabelSource,
    string ExecutionProvider,
    string? DeviceFallback,
    double? LoadMs)
{
    public static ModelInfoResponse From(InferencePipeline pipeline, TimeSpan? loadTime)
    {
        var plan = pipeline.Plan;
        return new ModelInfoResponse(
            pipeline.ModelName,
            plan.Family,
            plan.Task.ToString().ToLowerInvariant(),
            plan.InputName,
            plan.Preprocess.Describe(),
            pipeline.Labels.Count,
            pipeline.Labels.Source,
            pipeline.ExecutionProvider.Name,
            pipeline.ExecutionProvider.FallbackReason,
            loadTime?.TotalMilliseconds);
    }
}

[JsonSerializable(typeof(ModelInfoResponse))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class ModelInfoJsonContext : JsonSerializerContext;

public static class ModelInfoJson
{
    /// <summary>Adds the source-generated context to the minimal-API serializer so /model needs no reflection.</summary>
    public static IServiceCollection AddModelInfoJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(ModelInfoJsonContext.Default));
}
