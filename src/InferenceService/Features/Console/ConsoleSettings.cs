using System.Text.Json.Serialization;

namespace InferenceService.Features.Console;

/// <summary>
/// What the page needs from the server: whether it may offer a URL field, the annotation palette (so boxes drawn in
/// the browser have the annotated image's colours, from one list), and the model's effective defaults (so the
/// sliders start where the service does and a request only carries what the user changed), and whether it serves
/// many models, a multi-model endpoint or a repository (the page then lists <c>/models</c> and invokes the one picked).
/// </summary>
public sealed record ConsoleSettings(string ImageUrls, string[] Palette, ConsoleDefaults? Defaults, bool MultiModel);

public sealed record ConsoleDefaults(string Task, float Confidence, float Iou, int MaxDetections, int TopK);

[JsonSerializable(typeof(ConsoleSettings))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class ConsoleJsonContext : JsonSerializerContext;
