using System.Text.Json.Serialization;

namespace InferenceService.FunctionalTests.Support;

/// <summary>The /invocations answer as a client reads it (independent of the service's own response type).</summary>
public sealed record PredictionBody(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height,
    [property: JsonPropertyName("classes")] string[] Classes,
    [property: JsonPropertyName("class_ids")] int[] ClassIds,
    [property: JsonPropertyName("confidences")] float[] Confidences,
    [property: JsonPropertyName("boxes")] float[][] Boxes)
{
    public static async Task<PredictionBody> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return System.Text.Json.JsonSerializer.Deserialize<PredictionBody>(text)!;
    }

    /// <summary>
    /// Asserts every reference detection scoring at least 0.5 is here with the same class, confidence within
    /// 0.12 and box IoU at least 0.80 (the tolerance a different but faithful resize kernel stays within).
    /// A reference with nothing that confident fails: it would check nothing.
    /// </summary>
    public void AssertMatches(IReadOnlyList<ReferenceDetection> reference, string because)
    {
        var confident = reference.Where(r => r.Score >= 0.5f).ToList();
        Assert.True(confident.Count > 0, $"{because}: the reference has no detection scoring 0.5 or more to compare with");
        foreach (var r in confident)
        {
            float[] rb = [r.X1, r.Y1, r.X2, r.Y2];
            var best = Enumerable.Range(0, Classes.Length)
                .Where(i => Classes[i] == r.Name)
                .Select(i => (Index: i, IoU: BoxMath.IoU(Boxes[i], rb)))
                .OrderByDescending(c => c.IoU)
                .FirstOrDefault((-1, 0));
            Assert.True(best.Index >= 0, $"{because}: no '{r.Name}' found; got [{Describe()}]");
            Assert.True(best.IoU >= 0.80, $"{because}: '{r.Name}' {r.Score} box IoU {best.IoU:F3} < 0.80; got [{Describe()}]");
            Assert.True(Math.Abs(Confidences[best.Index] - r.Score) <= 0.12f,
                $"{because}: '{r.Name}' confidence {Confidences[best.Index]} vs reference {r.Score}");
        }
    }

    public string Describe() => string.Join("; ", Classes.Select((c, i) =>
        $"{c} {Confidences[i]:F3} [{string.Join(", ", Boxes[i].Select(v => v.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}]"));
}
