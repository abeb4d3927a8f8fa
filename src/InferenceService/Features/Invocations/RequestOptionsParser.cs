using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace InferenceService.Features.Invocations;

/// <summary>
/// Reads per-request options from the query string and the SageMaker channel
/// <c>X-Amzn-SageMaker-Custom-Attributes</c> (<c>key=value</c> pairs separated by <c>,</c> or <c>;</c>); the query
/// string wins when both give a key. Unknown keys are ignored (SageMaker and clients add their own); a known key
/// with a bad value, or one holding a control character, is an error that names it. Header values may be
/// percent-encoded (the header itself is ASCII), as the echo is.
/// </summary>
public static class RequestOptionsParser
{
    public const string CustomAttributesHeader = "X-Amzn-SageMaker-Custom-Attributes";

    public static readonly string[] Keys = ["confidence", "iou", "max_detections", "classes", "top_k", "format", "annotate"];

    /// <summary>What a value may not hold: a CR/LF or NUL cannot go into the echoed header and names no class.</summary>
    private static readonly SearchValues<char> Controls =
        SearchValues.Create(Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(char.IsControl).ToArray());

    /// <summary>What the echo carries as is: visible ASCII and space, less the escape and the list separators.</summary>
    private static readonly SearchValues<char> Verbatim =
        SearchValues.Create(Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).Where(c => c is not ('%' or ',' or ';')).ToArray());

    /// <summary>A bad value: the option and why.</summary>
    public sealed record Error(string Option, string Message);

    public static (RequestOptions? Options, Error? Error) Parse(IQueryCollection query, string? customAttributes)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in (customAttributes ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=');
            var key = (eq < 0 ? pair : pair[..eq]).Trim();
            if (Keys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                Add(values, key, eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Trim()));
            }
        }

        foreach (var (key, raw) in query)
        {
            if (Keys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                values.Remove(key);
                foreach (var v in (StringValues)raw)
                {
                    Add(values, key, v ?? "");
                }
            }
        }

        try
        {
            return (Build(values), null);
        }
        catch (OptionException e)
        {
            return (null, new Error(e.Option, e.Message));
        }
    }

    private static void Add(Dictionary<string, List<string>> values, string key, string value)
    {
        if (!values.TryGetValue(key, out var list))
        {
            values[key] = list = [];
        }

        list.Add(value);
    }

    private static RequestOptions Build(Dictionary<string, List<string>> values)
    {
        foreach (var (key, list) in values)
        {
            foreach (var value in list)
            {
                if (value.AsSpan().IndexOfAny(Controls) is var at and >= 0)
                {
                    throw new OptionException(key, $"'{key}' must not contain control characters (it holds U+{(int)value[at]:X4}).");
                }
            }
        }

        var applied = new List<string>();
        string? Single(string key)
        {
            if (!values.TryGetValue(key, out var list))
            {
                return null;
            }

            if (list.Count > 1)
            {
                throw new OptionException(key, $"'{key}' is given {list.Count} times; give it once.");
            }

            return list[0];
        }

        float? Fraction(string key)
        {
            if (Single(key) is not { } text)
            {
                return null;
            }

            if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !float.IsFinite(v) || v < 0f || v > 1f)
            {
                throw new OptionException(key, $"'{key}' must be a number from 0 to 1, not '{text}'.");
            }

            applied.Add($"{key}={v.ToString(CultureInfo.InvariantCulture)}");
            return v;
        }

        int? Count(string key, int max)
        {
            if (Single(key) is not { } text)
            {
                return null;
            }

            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < 1 || v > max)
            {
                throw new OptionException(key, $"'{key}' must be a whole number from 1 to {max}, not '{text}'.");
            }

            applied.Add($"{key}={v.ToString(CultureInfo.InvariantCulture)}");
            return v;
        }

        var confidence = Fraction("confidence");
        var iou = Fraction("iou");
        var maxDetections = Count("max_detections", 10_000);
        var topK = Count("top_k", 1_000);

        HashSet<string>? classes = null;
        if (values.TryGetValue("classes", out var classValues))
        {
            classes = new HashSet<string>(
                classValues.SelectMany(v => v.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
                StringComparer.OrdinalIgnoreCase);
            if (classes.Count == 0)
            {
                throw new OptionException("classes", "'classes' must name at least one class (separate names with '|').");
            }

            applied.Add($"classes={string.Join('|', classes.Select(Echoed))}");
        }

        ResponseFormat? format = Single("format") switch
        {
            null => null,
            var f => ResponseFormatNegotiation.Parse(f.Trim())
                ?? throw new OptionException("format", $"'format' must be json, sagemaker, jpeg or png, not '{f}'."),
        };
        if (format is { } chosen)
        {
            applied.Add($"format={chosen.ToString().ToLowerInvariant()}");
        }

        bool? annotate = Single("annotate") switch
        {
            null => null,
            var a when a is "" || a.Equals("true", StringComparison.OrdinalIgnoreCase) || a == "1" => true,
            var a when a.Equals("false", StringComparison.OrdinalIgnoreCase) || a == "0" => false,
            var a => throw new OptionException("annotate", $"'annotate' must be true or false, not '{a}'."),
        };
        if (annotate is { } on)
        {
            applied.Add($"annotate={(on ? "true" : "false")}");
        }

        return new RequestOptions
        {
            Confidence = confidence,
            Iou = iou,
            MaxDetections = maxDetections,
            TopK = topK,
            Classes = classes,
            Format = format,
            Annotate = annotate,
            Applied = applied,
        };
    }

    /// <summary>
    /// Class names may be in any language, but a response header is visible ASCII: a name with anything else is
    /// percent-encoded as UTF-8, which <see cref="Parse"/> decodes when the echo is sent back.
    /// </summary>
    private static string Echoed(string name) => name.AsSpan().ContainsAnyExcept(Verbatim) ? Uri.EscapeDataString(name) : name;

    private sealed class OptionException(string option, string message) : Exception(message)
    {
        public string Option { get; } = option;
    }
}
