using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Pointer;
using Json.Schema;

namespace InferenceService.Inference.Manifest;

/// <summary>One rule a document breaks, at a JSON path such as <c>$.mean[1]</c>.</summary>
public sealed record SchemaViolation(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>
/// Checks a document against a JSON Schema (draft 2020-12, every keyword, by JsonSchema.Net) and reports every
/// violation, not the first, each at its JSON path and in document order. The schema file is the single source of
/// the rules; this class knows none of the manifest's fields.
/// </summary>
public sealed class SchemaValidator
{
    private static readonly EvaluationOptions EveryViolation = new() { OutputFormat = OutputFormat.List };

    private readonly JsonSchema _schema;
    private readonly JsonNode _schemaDocument;

    static SchemaValidator() => ViolationWording.Apply();

    private SchemaValidator(string schemaJson)
    {
        // A registry of its own: the global one refuses a second schema with the same $id (a reload, a test).
        _schema = JsonSchema.FromText(schemaJson, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        _schemaDocument = JsonNode.Parse(schemaJson) ?? throw new InvalidDataException("The schema is empty.");
    }

    public static SchemaValidator Load(Stream schemaJson)
    {
        using var reader = new StreamReader(schemaJson);
        return new SchemaValidator(reader.ReadToEnd());
    }

    public IReadOnlyList<SchemaViolation> Validate(JsonNode? document)
    {
        using var parsed = JsonDocument.Parse(document?.ToJsonString() ?? "null");
        var results = _schema.Evaluate(parsed.RootElement, EveryViolation);
        if (results.IsValid)
        {
            return [];
        }

        var places = InstancePlaces.Of(parsed.RootElement);
        var found = new List<(int Order, SchemaViolation Violation)>();
        foreach (var result in results.Details is { Count: > 0 } details ? details : [results])
        {
            if (result.Errors is null)
            {
                continue;
            }

            var (order, path) = places[result.InstanceLocation.ToString()];
            foreach (var (keyword, message) in result.Errors)
            {
                found.Add((order, new SchemaViolation(path, keyword.Length == 0 ? Unexpected(result) : message)));
            }
        }

        return found.OrderBy(f => f.Order).Select(f => f.Violation).ToList();
    }

    /// <summary>A <c>false</c> schema failed: under <c>additionalProperties</c>, name the fields the parent schema knows.</summary>
    private string Unexpected(EvaluationResults result)
    {
        var location = Uri.UnescapeDataString(result.SchemaLocation.Fragment.TrimStart('#'));
        const string additional = "/additionalProperties";
        if (location.EndsWith(additional, StringComparison.Ordinal)
            && JsonPointer.Parse(location[..^additional.Length] + "/properties").TryEvaluate(_schemaDocument, out var properties)
            && properties is JsonObject known)
        {
            return $"is not a known field (known: {string.Join(", ", known.Select(p => p.Key))})";
        }

        return ViolationWording.FalseSchema;
    }
}
