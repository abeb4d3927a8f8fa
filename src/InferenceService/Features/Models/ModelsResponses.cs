using System.Text.Json;
using System.Text.Json.Serialization;
using InferenceService.Features.ModelInfo;
using InferenceService.Model;

namespace InferenceService.Features.Models;

/// <summary>POST /models, as SageMaker sends it.</summary>
public sealed record LoadModelRequest(
    [property: JsonPropertyName("model_name")] string? ModelName,
    [property: JsonPropertyName("url")] string? Url);

// The contract's camelCase names, spelled out: the minimal-API serializer writes snake_case otherwise.
public sealed record ModelEntry([property: JsonPropertyName("modelName")] string ModelName, [property: JsonPropertyName("modelUrl")] string ModelUrl)
{
    public static ModelEntry Of(RegisteredModel model) => new(model.Name, model.Url);
}

public sealed record ModelList([property: JsonPropertyName("models")] IReadOnlyList<ModelEntry> Models, [property: JsonPropertyName("nextPageToken")] string? NextPageToken);

/// <summary>
/// GET /models/{name}: the contract's modelName and modelUrl, then what GET /model says of a single model (its
/// snake_case fields, flat beside them) and the memory the load measured.
/// </summary>
public sealed class ModelDescription
{
    [JsonPropertyName("modelName")]
    public required string ModelName { get; init; }

    [JsonPropertyName("modelUrl")]
    public required string ModelUrl { get; init; }

    // A property, not a constructor parameter: System.Text.Json cannot bind extension data to one.
    [JsonExtensionData]
    public Dictionary<string, JsonElement> Details { get; init; } = [];

    public static ModelDescription Of(RegisteredModel model)
    {
        var info = JsonSerializer.SerializeToElement(ModelInfoResponse.From(model.Pipeline, model.LoadTime), ModelInfoJsonContext.Default.ModelInfoResponse);
        var details = info.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        details["memory_bytes"] = JsonSerializer.SerializeToElement(model.MemoryBytes, ModelsJsonContext.Default.Int64);
        return new ModelDescription { ModelName = model.Name, ModelUrl = model.Url, Details = details };
    }
}

[JsonSerializable(typeof(LoadModelRequest))]
[JsonSerializable(typeof(ModelEntry))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelDescription))]
[JsonSerializable(typeof(long))]
internal sealed partial class ModelsJsonContext : JsonSerializerContext;

public static class ModelsJson
{
    /// <summary>Adds the source-generated context to the minimal-API serializer so /models needs no reflection.</summary>
    public static IServiceCollection AddModelsJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(ModelsJsonContext.Default));
}
