using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using InferenceService.Inference.Families;
using InferenceService.Inference.Pipeline;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InferenceService.Features.Invocations;

/// <summary>
/// Predictions as JSON objects one by one: the entries of a batch answer and JSON Lines, where a failed image is a
/// problem object in its place. Written through source-generated contexts, without reflection.
/// </summary>
public static class JsonAnswers
{
    /// <summary>One result as the JSON object the format calls for (annotated images are one per request).</summary>
    public static object Item(ResponseFormat format, InferencePipeline pipeline, PredictionResult result) => format switch
    {
        ResponseFormat.SageMaker when result.Task == ModelTask.Classification => SageMakerClassificationResponse.From(result),
        ResponseFormat.SageMaker => SageMakerDetectionResponse.From(result),
        _ => PredictionResponse.From(pipeline.ModelName, result, pipeline.Labels),
    };

    /// <summary>One JSON object per line, in order: Batch Transform's AssembleWith=Line form.</summary>
    public static FileContentHttpResult Lines(IReadOnlyList<object> items)
    {
        using var buffer = new MemoryStream();
        foreach (var item in items)
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                Write(writer, item);
            }

            buffer.WriteByte((byte)'\n');
        }

        return TypedResults.File(buffer.ToArray(), ResponseFormatNegotiation.JsonLinesMediaType);
    }

    public static void Write(Utf8JsonWriter writer, object item)
    {
        JsonTypeInfo info = item is ProblemDetails
            ? ProblemJsonContext.Default.ProblemDetails
            : InvocationsJsonContext.Default.GetTypeInfo(item.GetType())
              ?? throw new InvalidOperationException($"No JSON form for an answer item of type {item.GetType().Name}.");
        JsonSerializer.Serialize(writer, item, info);
    }
}

/// <summary>Problem objects inside batch answers, written without reflection.</summary>
[JsonSerializable(typeof(ProblemDetails))]
public sealed partial class ProblemJsonContext : JsonSerializerContext;
