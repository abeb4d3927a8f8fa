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
    /// MXNet / ONNX Model Zoo <c>synset.txt</c>: <c>n01440764 tench, Tinca tinca</c> per line; the name is the first
    /// synonym after the WordNet id ("tench"). Recognised by content, whatever the file is called.
    /// </summary>
    public static bool IsSynsetList(string text)
    {
        var any = false;
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (!SynsetLine().IsMatch(line))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    public static Dictionary<int, string> ParseSynset(string text)
    {
        var names = ParsePlainList(text);
        foreach (var (id, line) in names)
        {
            var m = SynsetLine().Match(line);
            names[id] = m.Success ? m.Groups["name"].Value.Trim() : line;
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

            names[ClassId(text, id.Groups["v"], item.Groups["body"].Index)] = chosen;
        }

        if (names.Count == 0)
        {
            throw new FormatException("label_map.pbtxt has no item { id: … name: … } blocks.");
        }

        return names;
    }

    /// <summary>An id that does not fit a class id is the file's error, named by its line, not an OverflowException.</summary>
    private static int ClassId(string text, Group id, int bodyIndex)
    {
        if (int.TryParse(id.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        var line = text.AsSpan(0, bodyIndex + id.Index).Count('\n') + 1;
        throw new FormatException($"line {line}: id {id.Value} is out of range (class ids go from {int.MinValue} to {int.MaxValue}).");
    }

    [GeneratedRegex(@"^\s*n\d{8}\s+(?<name>[^,]+)")]
    private static partial Regex SynsetLine();

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
