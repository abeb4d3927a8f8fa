using System.Globalization;

namespace InferenceService.FunctionalTests.Support;

/// <summary>The <c>inference_batch_size</c> histogram on /metrics: model runs observed and the images they carried.</summary>
public static class BatchSizeMetric
{
    public static async Task<(int Runs, int Images)> ReadAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/metrics");
        return ((int)Sample(text, "inference_batch_size_count"), (int)Sample(text, "inference_batch_size_sum"));
    }

    /// <summary>One sample's value in a Prometheus exposition, 0 when absent.</summary>
    public static double Sample(string exposition, string name) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(line => double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Single();
}
