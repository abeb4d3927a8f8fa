using InferenceService.Reliability;
using System.Text.Json;
using InferenceService.Features.ImageUrls;
using InferenceService.Features.Invocations;
using InferenceService.Inference.Pipeline;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace InferenceService.Features.Batches;

/// <summary>
/// Many images in one request: <c>{"instances": [...]}</c> answered with <c>{"predictions": [...]}</c> (TF
/// Serving's shape), or JSON Lines answered line for line (Batch Transform with SplitType=Line). Each entry that
/// fails becomes a problem object in its place; the others are still served.
/// </summary>
public static class BatchInvocation
{
    public static async Task<FileContentHttpResult> InstancesAsync(
        IReadOnlyList<ImageEntry> entries, Memory<byte> body, ResponseFormat format, InferencePipeline pipeline,
        PredictionOptions options, ImageUrlFetcher urls, InferenceGate gate, CancellationToken cancellationToken)
    {
        var items = await PredictAsync(entries, body, format, pipeline, options, urls, gate, cancellationToken);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("predictions");
            writer.WriteStartArray();
            foreach (var item in items)
            {
                WriteItem(writer, item);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return TypedResults.File(buffer.ToArray(), "application/json");
    }

    public static async Task<FileContentHttpResult> JsonLinesAsync(
        IReadOnlyList<ImageEntry> entries, Memory<byte> body, ResponseFormat format, InferencePipeline pipeline,
        PredictionOptions options, ImageUrlFetcher urls, InferenceGate gate, CancellationToken cancellationToken) =>
        Lines(await PredictAsync(entries, body, format, pipeline, options, urls, gate, cancellationToken));

    /// <summary>One JSON object per line, in order: Batch Transform's AssembleWith=Line form.</summary>
    public static FileContentHttpResult Lines(IReadOnlyList<object> items)
    {
        using var buffer = new MemoryStream();
        foreach (var item in items)
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                WriteItem(writer, item);
            }

            buffer.WriteByte((byte)'\n');
        }

        return TypedResults.File(buffer.ToArray(), ResponseFormatNegotiation.JsonLinesMediaType);
    }

    /// <summary>The entries of a JSON Lines body, one per non-blank line, offsets relative to the whole body.</summary>
    public static IReadOnlyList<ImageEntry> ParseJsonLines(Span<byte> body)
    {
        var entries = new List<ImageEntry>();
        var start = 0;
        while (start < body.Length)
        {
            var newline = body[start..].IndexOf((byte)'\n');
            var end = newline < 0 ? body.Length : start + newline;
            var line = body[start..end];
            if (line.Trim(" \t\r"u8).Length > 0)
            {
                var parsed = InvocationPayload.Parse(line);
                var entry = parsed.IsBatch
                    ? ImageEntry.Failed(JsonImageRequest.ErrorKind.InvalidRequest, "A JSON Lines record holds one image: {\"image\": \"<base64>\"} or {\"url\": \"https://...\"}.")
                    : parsed.Entries[0];
                entries.Add(entry.Succeeded && entry.Url is null ? entry with { Offset = entry.Offset + start } : entry);
            }

            start = end + 1;
        }

        return entries;
    }

    /// <summary>Fetches the URLs (within the request's share of the URL byte budget), then predicts every image that could be had in one batch call.</summary>
    private static async Task<object[]> PredictAsync(
        IReadOnlyList<ImageEntry> entries, Memory<byte> body, ResponseFormat format, InferencePipeline pipeline,
        PredictionOptions options, ImageUrlFetcher urls, InferenceGate gate, CancellationToken cancellationToken)
    {
        var urlCount = entries.Count(e => e.Succeeded && e.Url is not null);
        using var reservation = urlCount == 0 ? null : await urls.ReserveAsync(urlCount, cancellationToken);
        var items = new object[entries.Count];
        var images = new ReadOnlyMemory<byte>[entries.Count];
        var fetches = new List<Task>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (!entry.Succeeded)
            {
                items[i] = InvocationProblems.For(entry).ProblemDetails;
            }
            else if (entry.Url is { } url)
            {
                var index = i;
                fetches.Add(Fetch(index, url));
            }
            else
            {
                images[i] = body.Slice(entry.Offset, entry.Length);
            }
        }

        await Task.WhenAll(fetches);
        var pending = Enumerable.Range(0, entries.Count).Where(i => items[i] is null).ToArray();
        var batch = pending.Select(i => images[i]).ToArray();
        var results = await gate.PredictBatchAsync(pipeline, batch, options, cancellationToken);
        for (var k = 0; k < pending.Length; k++)
        {
            var (result, error) = results.Items[k];
            items[pending[k]] = result is not null
                ? InvocationResponder.BatchItem(format, pipeline, result)
                : InvocationProblems.For(error!).ProblemDetails;
        }

        return items;

        async Task Fetch(int index, string url)
        {
            try
            {
                images[index] = await reservation!.FetchAsync(url, cancellationToken);
            }
            catch (ImageUrlRefusedException e)
            {
                items[index] = InvocationProblems.For(e).ProblemDetails;
            }
        }
    }

    private static void WriteItem(Utf8JsonWriter writer, object item)
    {
        switch (item)
        {
            case PredictionResponse response:
                JsonSerializer.Serialize(writer, response, InvocationsJsonContext.Default.PredictionResponse);
                break;
            case SageMakerDetectionResponse sageMaker:
                JsonSerializer.Serialize(writer, sageMaker, InvocationsJsonContext.Default.SageMakerDetectionResponse);
                break;
            case SageMakerClassificationResponse sageMaker:
                JsonSerializer.Serialize(writer, sageMaker, InvocationsJsonContext.Default.SageMakerClassificationResponse);
                break;
            case ProblemDetails problem:
                JsonSerializer.Serialize(writer, problem, BatchJsonContext.Default.ProblemDetails);
                break;
            default:
                throw new InvalidOperationException($"No JSON form for a batch entry of type {item.GetType().Name}.");
        }
    }
}

/// <summary>Problem objects inside batch answers, written without reflection.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(ProblemDetails))]
public sealed partial class BatchJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
