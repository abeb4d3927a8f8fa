using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using InferenceService.Inference.Inspection;

namespace InferenceService.Inspection;

[JsonSerializable(typeof(ModelReport))]
internal sealed partial class InspectionJsonContext : JsonSerializerContext
{
    /// <summary>
    /// Indented, snake_case, and without escaping <c>+</c> or quotes: the document is read in a terminal or by a
    /// script, never embedded in HTML.
    /// </summary>
    public static InspectionJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
