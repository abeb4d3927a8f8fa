using System.Text.Json;
using System.Text.Json.Serialization;
using InferenceService.Features.ModelInfo;
using InferenceService.Model;
using InferenceService.Model.Repository;

namespace InferenceService.Features.Models;

/// <summary>POST /models, as SageMaker sends it.</summary>
public sealed record LoadModelRequest(
    [property: JsonPropertyName("model_name")] string? ModelName,
    [property: JsonPropertyName("url")] string? Url);

// The contract's camelCase names, spelled out: the minimal-API serializer writes snake_case otherwise. The state
// fields are a repository's (a multi-model endpoint lists only loaded models) and left out when null.
public sealed record ModelEntry(
    [property: JsonPropertyName("modelName")] string ModelName,
    [property: JsonPropertyName("modelUrl")] string ModelUrl,
    [property: JsonPropertyName("state"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? State = null,
    [property: JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonPropertyName("lastReloadError"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastReloadError = null)
{
    public static ModelEntry Of(RegisteredModel model) => new(model.Name, model.Url);

    public static ModelEntry Of(RepositoryEntry entry) =>
        new(entry.Name, entry.Url, StateName(entry.State), entry.Reason, entry.LastReloadError);

    public static string StateName(RepositoryState state) => state.ToString().ToLowerInvariant();
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

    /// <summary>A served model; in a repository also its state and why its latest files were not swapped in.</summary>
    public static ModelDescription Of(RegisteredModel model, ModelEntry? entry = null)
    {
        var info = JsonSerializer.SerializeToElement(ModelInfoResponse.From(model.Pipeline, model.LoadTime), ModelInfoJsonContext.Default.ModelInfoResponse);
        var details = info.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        details["memory_bytes"] = JsonSerializer.SerializeToElement(model.MemoryBytes, ModelsJsonContext.Default.Int64);
        if (entry is not null)
        {
            AddState(details, entry);
        }

        return new ModelDescription { ModelName = model.Name, ModelUrl = model.Url, Details = details };
    }

    /// <summary>A repository folder that is not served (loading or failed): its state and the reason.</summary>
    public static ModelDescription Of(ModelEntry entry)
    {
        var details = new Dictionary<string, JsonElement>();
        AddState(details, entry);
        return new ModelDescription { ModelName = entry.ModelName, ModelUrl = entry.ModelUrl, Details = details };
    }

    private static void AddState(Dictionary<string, JsonElement> details, ModelEntry entry)
    {
        foreach (var (key, value) in new[] { ("state", entry.State), ("reason", entry.Reason), ("lastReloadError", entry.LastReloadError) })
        {
            if (value is not null)
            {
                details[key] = JsonSerializer.SerializeToElement(value, ModelsJsonContext.Default.String);
            }
        }
    }
}

[JsonSerializable(typeof(LoadModelRequest))]
[JsonSerializable(typeof(ModelEntry))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelDescription))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(string))]
internal sealed partial class ModelsJsonContext : JsonSerializerContext;

public static class ModelsJson
{
    /// <summary>Adds the source-generated context to the minimal-API serializer so /models needs no reflection.</summary>
    public static IServiceCollection AddModelsJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(ModelsJsonContext.Default));
}
