using System.Globalization;
using System.Text.RegularExpressions;

namespace InferenceService.FunctionalTests.Support;

/// <summary>The <c>inference_batch_size</c> histogram on /metrics: model runs observed and the images they carried.</summary>
public static class BatchSizeMetric
{
    public static async Task<(int Runs, int Images)> ReadAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/metrics");
        return ((int)Sample(text, "inference_batch_size_count"), (int)Sample(text, "inference_batch_size_sum"));
    }

    /// <summary>
    /// One series' value in a Prometheus exposition, summed over its <c>model</c> label (a host serves one model, or
    /// a multi-model endpoint several); 0 when absent. A name with its own labels (<c>_bucket{le="2"}</c>) matches them
    /// after the model's.
    /// </summary>
    public static double Sample(string exposition, string name)
    {
        var brace = name.IndexOf('{');
        var (metric, labels) = brace < 0 ? (name, "") : (name[..brace], "," + name[(brace + 1)..^1]);
        var series = new Regex("^" + Regex.Escape(metric) + "\\{model=\"[^\"]*\"" + Regex.Escape(labels) + "\\} (\\S+)$", RegexOptions.Multiline);
        return series.Matches(exposition).Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }
}
