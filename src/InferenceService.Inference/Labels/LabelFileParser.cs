using System.Globalization;
using System.Text.RegularExpressions;

namespace InferenceService.Inference.Labels;

/// <summary>Parsers for the label formats models ship with.</summary>
public static partial class LabelFileParser
{
    /// <summary><c>labels.txt</c>, <c>classes.txt</c>, <c>coco.names</c>: one name per line, line i = class i.</summary>
    public static Dictionary<int, string> ParsePlainList(string text)
    {
        var names = new Dictionary<int, string>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var count = lines.Length;
        // A trailing newline is not a class.
        while (count > 0 && lines[count - 1].Trim().Length == 0)
        {
            count--;
        }

        for (var i = 0; i < count; i++)
        {
            names[i] = lines[i].Trim();
        }

        return names;
    }

    /// <summary>
    /// TF OD API <c>label_map.pbtxt</c>: <c>item { id: N name: '…' display_name: '…' }</c>; the display name
    /// wins when present, ids are kept as they are (sparse, usually 1-based).
    /// </summary>
    public static Dictionary<int, string> ParseLabelMap(string text)
    {
        var names = new Dictionary<int, string>();
        foreach (Match item in ItemBlock().Matches(text))
        {
            var body = item.Groups["body"].Value;
            var id = IdField().Match(body);
            if (!id.Success)
            {
                throw new FormatException($"label_map item without an id: item {{{body.Trim()}}}");
            }

            var display = StringField("display_name").Match(body);
            var name = StringField("name").Match(body);
            var chosen = display.Success ? display.Groups["v"].Value : name.Success ? name.Groups["v"].Value : null;
            if (chosen is null)
            {
                throw new FormatException($"label_map item {id.Groups["v"].Value} has neither name nor display_name.");
            }

            names[int.Parse(id.Groups["v"].Value, CultureInfo.InvariantCulture)] = chosen;
        }

        if (names.Count == 0)
        {
            throw new FormatException("label_map.pbtxt has no item { id: … name: … } blocks.");
        }

        return names;
    }

    [GeneratedRegex(@"item\s*\{(?<body>[^{}]*)\}", RegexOptions.Singleline)]
    private static partial Regex ItemBlock();

    [GeneratedRegex(@"(?<![a-z_])id\s*:\s*(?<v>-?\d+)")]
    private static partial Regex IdField();

    private static Regex StringField(string field) => field == "name" ? NameField() : DisplayNameField();

    [GeneratedRegex(@"(?<![a-z_])name\s*:\s*(?:'(?<v>[^']*)'|""(?<v>[^""]*)"")")]
    private static partial Regex NameField();

    [GeneratedRegex(@"display_name\s*:\s*(?:'(?<v>[^']*)'|""(?<v>[^""]*)"")")]
    private static partial Regex DisplayNameField();
}
