using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace InferenceService.Inference.Manifest;

/// <summary>One rule a document breaks, at a JSON path such as <c>$.mean[1]</c>.</summary>
public sealed record SchemaViolation(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>
/// Checks a document against the subset of JSON Schema the manifest schema uses — <c>type</c>, <c>enum</c>,
/// <c>minimum</c>, <c>maximum</c>, <c>exclusiveMinimum</c>, <c>minLength</c>, <c>minItems</c>, <c>maxItems</c>,
/// <c>items</c>, <c>properties</c>, <c>additionalProperties: false</c> — and reports every violation, not the first.
/// The schema file is the single source of the rules; this class knows none of the manifest's fields.
/// </summary>
public sealed class SchemaValidator(JsonObject schema)
{
    public static SchemaValidator Load(Stream schemaJson) =>
        new(JsonNode.Parse(schemaJson)?.AsObject() ?? throw new InvalidDataException("The schema is empty."));

    public IReadOnlyList<SchemaViolation> Validate(JsonNode? document)
    {
        var violations = new List<SchemaViolation>();
        Check(schema, document, "$", violations);
        return violations;
    }

    private static void Check(JsonObject rule, JsonNode? value, string path, List<SchemaViolation> violations)
    {
        if (rule["type"] is JsonValue type && !HasType(value, type.GetValue<string>()))
        {
            violations.Add(new(path, $"must be {Article(type.GetValue<string>())}, not {Describe(value)}"));
            return;
        }

        if (rule["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            violations.Add(new(path, $"must be one of {string.Join(", ", allowed.Select(a => a!.ToJsonString()))}, not {value?.ToJsonString() ?? "null"}"));
            return;
        }

        switch (value)
        {
            case JsonValue v when v.TryGetValue<double>(out var number):
                CheckNumber(rule, number, path, violations);
                break;
            case JsonValue v when v.TryGetValue<string>(out var text):
                if (rule["minLength"] is JsonValue minLength && text.Length < minLength.GetValue<int>())
                {
                    violations.Add(new(path, $"must have at least {minLength} characters"));
                }

                break;
            case JsonArray array:
                CheckArray(rule, array, path, violations);
                break;
            case JsonObject obj:
                CheckObject(rule, obj, path, violations);
                break;
        }
    }

    private static void CheckNumber(JsonObject rule, double number, string path, List<SchemaViolation> violations)
    {
        if (rule["minimum"] is JsonValue min && number < min.GetValue<double>())
        {
            violations.Add(new(path, $"must be at least {Format(min)}, not {Format(number)}"));
        }

        if (rule["maximum"] is JsonValue max && number > max.GetValue<double>())
        {
            violations.Add(new(path, $"must be at most {Format(max)}, not {Format(number)}"));
        }

        if (rule["exclusiveMinimum"] is JsonValue exclusive && number <= exclusive.GetValue<double>())
        {
            violations.Add(new(path, $"must be greater than {Format(exclusive)}, not {Format(number)}"));
        }
    }

    private static void CheckArray(JsonObject rule, JsonArray array, string path, List<SchemaViolation> violations)
    {
        if (rule["minItems"] is JsonValue minItems && array.Count < minItems.GetValue<int>())
        {
            violations.Add(new(path, $"must have at least {minItems} items, not {array.Count}"));
        }

        if (rule["maxItems"] is JsonValue maxItems && array.Count > maxItems.GetValue<int>())
        {
            violations.Add(new(path, $"must have at most {maxItems} items, not {array.Count}"));
        }

        if (rule["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(items, array[i], $"{path}[{i}]", violations);
            }
        }
    }

    private static void CheckObject(JsonObject rule, JsonObject obj, string path, List<SchemaViolation> violations)
    {
        var properties = rule["properties"] as JsonObject;
        var closed = rule["additionalProperties"] is JsonValue additional && !additional.GetValue<bool>();
        foreach (var (name, child) in obj)
        {
            var childPath = $"{path}.{name}";
            if (properties?[name] is JsonObject childRule)
            {
                Check(childRule, child, childPath, violations);
            }
            else if (closed)
            {
                violations.Add(new(childPath, $"is not a known field (known: {string.Join(", ", properties?.Select(p => p.Key) ?? [])})"));
            }
        }
    }

    private static bool HasType(JsonNode? value, string type) => type switch
    {
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "boolean" => value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "number" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
        "integer" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && Math.Floor(d) == d,
        "null" => value is null,
        _ => throw new InvalidDataException($"The schema uses type '{type}', which the validator does not know."),
    };

    private static string Article(string type) => type is "object" or "array" or "integer" ? $"an {type}" : $"a {type}";

    private static string Describe(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => $"{v.GetValueKind().ToString().ToLowerInvariant()} {v.ToJsonString()}",
        _ => value.ToJsonString(),
    };

    private static string Format(JsonValue v) => Format(v.GetValue<double>());

    private static string Format(double d) => d.ToString(CultureInfo.InvariantCulture);
}
