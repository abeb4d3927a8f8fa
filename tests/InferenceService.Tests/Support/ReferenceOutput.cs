using System.Globalization;
using System.Text.RegularExpressions;

namespace InferenceService.Tests.Support;

/// <summary>One detection as a model's reference-output.txt lists it (pixels of the original image).</summary>
public sealed record ReferenceDetection(string Name, float Score, float X1, float Y1, float X2, float Y2);

/// <summary>
/// Reads the detections a shared model's <c>reference-output.txt</c> lists per image. Both layouts are understood:
/// <c>  dog   0.826  [x1=133.0, y1=207.0, x2=324.9, y2=542.4]</c> and the TF OD variant's
/// <c>  id 18 dog   0.8553  [x1=…]  norm […]</c>. Comparison lines ("ok dog ref 0.826 got …") do not match.
/// </summary>
public static partial class ReferenceOutput
{
    public static IReadOnlyList<ReferenceDetection> For(string modelDir, string image)
    {
        var lines = File.ReadAllLines(Path.Combine(modelDir, "reference-output.txt"));
        var found = new List<ReferenceDetection>();
        var inImage = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("image: ", StringComparison.Ordinal))
            {
                inImage = line.StartsWith($"image: {image} ", StringComparison.Ordinal);
                continue;
            }

            if (!inImage || Row().Match(line) is not { Success: true } m)
            {
                continue;
            }

            static float F(Match m, string g) => float.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
            found.Add(new ReferenceDetection(m.Groups["name"].Value, F(m, "score"), F(m, "x1"), F(m, "y1"), F(m, "x2"), F(m, "y2")));
        }

        if (found.Count == 0)
        {
            throw new InvalidOperationException($"reference-output.txt in {modelDir} lists no detections for {image}.");
        }

        return found;
    }

    [GeneratedRegex(@"^\s+(?:id\s+\d+\s+)?(?<name>[a-z][a-z ]*?)\s+(?<score>\d\.\d+)\s+\[x1=(?<x1>-?[\d.]+), y1=(?<y1>-?[\d.]+), x2=(?<x2>-?[\d.]+), y2=(?<y2>-?[\d.]+)\]")]
    private static partial Regex Row();
}
