using System.Globalization;
using System.Text.RegularExpressions;

namespace InferenceService.Inference.Families.Ultralytics;

/// <summary>
/// The <c>metadata_props</c> an Ultralytics export writes, every value a Python <c>str()</c>:
/// <c>names</c> <c>{0: 'person', 1: 'bicycle'}</c>, <c>imgsz</c> <c>[640, 640]</c>, <c>task</c> <c>detect</c>, <c>stride</c> <c>32</c>.
/// </summary>
public sealed partial record UltralyticsMetadata(
    IReadOnlyDictionary<int, string>? Names,
    int? ImageWidth,
    int? ImageHeight,
    string? Task,
    int? Stride)
{
    public bool IsPresent => Names is not null || Task is not null || ImageWidth is not null;

    public static UltralyticsMetadata From(IReadOnlyDictionary<string, string> metadata)
    {
        metadata.TryGetValue("names", out var names);
        metadata.TryGetValue("imgsz", out var imgsz);
        metadata.TryGetValue("task", out var task);
        metadata.TryGetValue("stride", out var stride);

        int? width = null, height = null;
        if (imgsz is not null)
        {
            var numbers = Number().Matches(imgsz).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();
            // imgsz is [h, w] (or a single int for square inputs).
            if (numbers.Length >= 1)
            {
                height = numbers[0];
                width = numbers.Length >= 2 ? numbers[1] : numbers[0];
            }
        }

        return new UltralyticsMetadata(
            names is null ? null : ParseNames(names),
            width,
            height,
            task?.Trim(),
            stride is not null && int.TryParse(Number().Match(stride).Value, CultureInfo.InvariantCulture, out var s) ? s : null);
    }

    /// <summary>Parses a Python dict literal of int → quoted string; null when it holds no such pair.</summary>
    public static IReadOnlyDictionary<int, string>? ParseNames(string text)
    {
        var names = new Dictionary<int, string>();
        foreach (Match m in NamePair().Matches(text))
        {
            names[int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture)] = m.Groups["v"].Value;
        }

        return names.Count == 0 ? null : names;
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"(?<id>\d+)\s*:\s*(?:'(?<v>(?:[^'\\]|\\.)*)'|""(?<v>(?:[^""\\]|\\.)*)"")")]
    private static partial Regex NamePair();
}
