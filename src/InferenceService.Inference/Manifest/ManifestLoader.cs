using System.Text.Json;
using System.Text.Json.Nodes;

namespace InferenceService.Inference.Manifest;

/// <summary>Reads <c>inference.json</c> from the model folder and validates it against the published schema.</summary>
public static class ManifestLoader
{
    private static readonly Lazy<SchemaValidator> Validator = new(() =>
    {
        using var schema = typeof(ManifestLoader).Assembly.GetManifestResourceStream("inference.schema.json")
            ?? throw new InvalidOperationException("inference.schema.json is not embedded in the assembly.");
        return SchemaValidator.Load(schema);
    });

    /// <summary>
    /// The manifest, or null when the folder has none. Any violation fails the load, all of them listed.
    /// <paramref name="reading"/> hears the file's name before it is read: a read that hangs says where.
    /// </summary>
    public static ModelManifest? Load(string modelDirectory, Action<string>? reading = null)
    {
        var path = Path.Combine(modelDirectory, ModelManifest.FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        reading?.Invoke(ModelManifest.FileName);
        string text;
        try
        {
            text = ModelFolderFile.ReadText(path, ModelManifest.FileName, System.Text.Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelLoadException($"{ModelManifest.FileName} cannot be read: {e.Message}");
        }

        return Parse(text);
    }

    public static ModelManifest Parse(string json)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{ModelManifest.FileName} is not valid JSON: {e.Message}");
        }

        var violations = Validator.Value.Validate(document);
        if (violations.Count > 0)
        {
            throw new ManifestException(violations);
        }

        return document.Deserialize(ManifestJsonContext.Default.ModelManifest)
            ?? throw new ModelLoadException($"{ModelManifest.FileName} is empty.");
    }
}

/// <summary>A manifest that breaks the schema; the message lists every violation with its path.</summary>
public sealed class ManifestException : ModelLoadException
{
    public ManifestException(IReadOnlyList<SchemaViolation> violations)
        : base($"{ModelManifest.FileName} does not match inference.schema.json ({violations.Count} problem{(violations.Count == 1 ? "" : "s")}): "
            + string.Join("; ", violations))
    {
        Violations = violations;
        // The first violation's path: the message lists them all.
        ManifestField = violations.Count > 0 ? violations[0].Path : null;
    }

    public IReadOnlyList<SchemaViolation> Violations { get; }
}
