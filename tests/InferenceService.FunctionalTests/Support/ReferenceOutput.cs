using System.Globalization;
using System.Text.RegularExpressions;

namespace InferenceService.FunctionalTests.Support;

/// <summary>One detection as a model's reference-output.txt lists it (pixels of the original image).</summary>
public sealed record ReferenceDetection(string Name, float Score, float X1, float Y1, float X2, float Y2);

/// <summary>One of a classifier's reference top-5: class index and probability.</summary>
public sealed record ReferenceClass(int Id, float Probability);

/// <summary>
/// Reads a model's reference-output.txt: per photo, the detections listed (torchvision "label N name", Ultralytics
/// plain rows, the TF OD variant's "id N" rows, DETR's NMS-ed rows — its raw "q N" query rows are left out) or the
/// top-5 classes. Comparison lines ("ok dog ref 0.826 got …") do not match.
/// </summary>
public static partial class ReferenceOutput
{
    /// <summary>The detections listed for one photo of the model in <paramref name="modelDir"/>.</summary>
    public static IReadOnlyList<ReferenceDetection> For(string modelDir, string image) =>
        DetectionsIn(modelDir).TryGetValue(image, out var found) && found.Count > 0
            ? found
            : throw new InvalidOperationException($"reference-output.txt in {modelDir} lists no detections for {image}.");

    /// <summary>Per photo, the detections listed for a shared model (by folder name).</summary>
    public static Dictionary<string, List<ReferenceDetection>> Detections(string model) => DetectionsIn(SharedAssets.Model(model));

    private static Dictionary<string, List<ReferenceDetection>> DetectionsIn(string modelDir)
    {
        var result = new Dictionary<string, List<ReferenceDetection>>();
        List<ReferenceDetection>? current = null;
        foreach (var line in File.ReadLines(Path.Combine(modelDir, "reference-output.txt")))
        {
            if (ImageLine().Match(line) is { Success: true } image)
            {
                result[image.Groups["name"].Value] = current = [];
            }
            else if (line.TrimStart().StartsWith("vs source", StringComparison.Ordinal) || line.StartsWith("##", StringComparison.Ordinal))
            {
                current = null;
            }
            else if (current is not null && DetectionLine().Match(line) is { Success: true } d)
            {
                current.Add(new ReferenceDetection(d.Groups["name"].Value.Trim(), F(d, "s"), F(d, "x1"), F(d, "y1"), F(d, "x2"), F(d, "y2")));
            }
        }

        return result;
    }

    public static Dictionary<string, List<ReferenceClass>> Classes(string model)
    {
        var result = new Dictionary<string, List<ReferenceClass>>();
        List<ReferenceClass>? current = null;
        foreach (var line in File.ReadLines(Path.Combine(SharedAssets.Model(model), "reference-output.txt")))
        {
            if (ImageLine().Match(line) is { Success: true } image)
            {
                result[image.Groups["name"].Value] = current = [];
            }
            else if (current is not null && ClassLine().Match(line) is { Success: true } c)
            {
                current.Add(new ReferenceClass(int.Parse(c.Groups["id"].Value, CultureInfo.InvariantCulture), F(c, "p")));
            }
        }

        return result;
    }

    private static float F(Match m, string group) => float.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^image: (?<name>\S+\.jpg)")]
    private static partial Regex ImageLine();

    [GeneratedRegex(@"^\s+(?:(?:label|id)\s+\d+\s+)?(?<name>[A-Za-z][A-Za-z ]*?)\s+(?<s>\d\.\d+)\s+\[x1=(?<x1>[-\d.]+), y1=(?<y1>[-\d.]+), x2=(?<x2>[-\d.]+), y2=(?<y2>[-\d.]+)\]")]
    private static partial Regex DetectionLine();

    [GeneratedRegex(@"^\s+(?<id>\d+)\s+p=(?<p>[\d.]+)")]
    private static partial Regex ClassLine();
}
