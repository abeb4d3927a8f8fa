using System.Text.Json;

namespace InferenceService.Features.Invocations;

public static class InvocationsJson
{
    /// <summary>snake_case payloads (class_ids) through the source-generated context first.</summary>
    public static IServiceCollection AddInvocationsJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, InvocationsJsonContext.Default);
        });
}
