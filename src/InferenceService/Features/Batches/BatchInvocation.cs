using System.Text.Json;
using InferenceService.Features.ImageUrls;
using InferenceService.Features.Invocations;
using InferenceService.Hosting;
using InferenceService.Problems;
using InferenceService.Reliability;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InferenceService.Features.Batches;

/// <summary>
/// Many images in one request: <c>{"instances": [...]}</c> answered with <c>{"predictions": [...]}</c> (TF
/// Serving's shape), or JSON Lines answered line for line (Batch Transform with SplitType=Line). Each entry that
/// fails becomes a problem object in its place; the others are still served.
/// </summary>
public sealed class BatchInvocation(InferenceGate gate, ImageUrlFetcher urls, IOptions<ServerOptions> server) : IBatchInvocation
{
    public async Task<InvocationResult> InvokeAsync(Invocation invocation, IReadOnlyList<ImageEntry> entries, bool jsonLines)
    {
        if (invocation.Format is ResponseFormat.Jpeg or ResponseFormat.Png)
        {
            return ProblemTypes.NotAcceptable("Annotated images are returned one per request; ask a batch for application/json.");
        }

        var limit = server.Value.MaxBatchInstances;
        if (entries.Count > limit)
        {
            return ProblemTypes.TooManyInstances(entries.Count, limit);
        }

        var items = await PredictAsync(invocation, entries);
        return jsonLines ? JsonAnswers.Lines(items) : Predictions(items);
    }

    private static FileContentHttpResult Predictions(object[] items)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("predictions");
            writer.WriteStartArray();
            foreach (var item in items)
            {
                JsonAnswers.Write(writer, item);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return TypedResults.File(buffer.ToArray(), "application/json");
    }

    /// <summary>Fetches the URLs (within the request's share of the URL byte budget), then predicts every image that could be had in one batch call.</summary>
    private async Task<object[]> PredictAsync(Invocation invocation, IReadOnlyList<ImageEntry> entries)
    {
        var cancellationToken = invocation.Cancellation;
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
                images[i] = invocation.Body.Slice(entry.Offset, entry.Length);
            }
        }

        await Task.WhenAll(fetches);
        var pending = Enumerable.Range(0, entries.Count).Where(i => items[i] is null).ToArray();
        var batch = pending.Select(i => images[i]).ToArray();
        var results = await gate.PredictBatchAsync(invocation.Pipeline, batch, invocation.Options, cancellationToken);
        for (var k = 0; k < pending.Length; k++)
        {
            var (result, error) = results.Items[k];
            items[pending[k]] = result is not null
                ? JsonAnswers.Item(invocation.Format, invocation.Pipeline, result)
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
}

public static class BatchSetup
{
    /// <summary>The batch path /invocations hands <c>instances</c> and JSON Lines bodies to.</summary>
    public static IServiceCollection AddBatchInvocations(this IServiceCollection services) =>
        services.AddSingleton<IBatchInvocation, BatchInvocation>();
}
