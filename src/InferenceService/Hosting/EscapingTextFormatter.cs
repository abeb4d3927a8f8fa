using System.Buffers;
using System.Globalization;
using System.Text;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace InferenceService.Hosting;

/// <summary>
/// Text log lines a request cannot forge. A request path, header or JSON value is decoded before it is logged, so
/// <c>GET /x%0D%0A[00:20:00.000 ERR] …</c> would start a line of its own: every scalar property and the message
/// text are written with control characters escaped (<c>\r</c>, <c>\n</c>, <c>\u001B</c>), and each line of an
/// exception is indented, so only the service starts a line at column 0. JSON output needs none of this: its
/// strings are escaped by the format.
/// </summary>
internal sealed class EscapingTextFormatter(string outputTemplate) : ITextFormatter
{
    private const string ExceptionIndent = "  ";

    private static readonly SearchValues<char> Controls =
        SearchValues.Create(Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(char.IsControl).Append('\u2028').Append('\u2029').ToArray());

    private readonly MessageTemplateTextFormatter _line = new(outputTemplate, CultureInfo.InvariantCulture);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        _line.Format(Escaped(logEvent), output);
        if (logEvent.Exception is { } exception)
        {
            foreach (var line in exception.ToString().Split('\n'))
            {
                output.Write(ExceptionIndent);
                output.WriteLine(Escaped(line.TrimEnd('\r')));
            }
        }
    }

    /// <summary>The event itself when nothing in it needs escaping (the usual case: no copy), else an escaped copy.</summary>
    private static LogEvent Escaped(LogEvent logEvent)
    {
        var template = Escaped(logEvent.MessageTemplate);
        if (ReferenceEquals(template, logEvent.MessageTemplate)
            && logEvent.Properties.Values.All(value => ReferenceEquals(Escaped(value), value)))
        {
            return logEvent;
        }

        return new LogEvent(
            logEvent.Timestamp, logEvent.Level, exception: null, template,
            logEvent.Properties.Select(p => new LogEventProperty(p.Key, Escaped(p.Value))));
    }

    private static MessageTemplate Escaped(MessageTemplate template) =>
        template.Tokens.OfType<TextToken>().Any(t => NeedsEscaping(t.Text))
            ? new MessageTemplate(template.Tokens.Select(t => t is TextToken text ? new TextToken(Escaped(text.Text)) : t))
            : template;

    /// <summary>Scalars only: sequences and structures in the message are written as JSON (<c>:lj</c>), escaped there.</summary>
    private static LogEventPropertyValue Escaped(LogEventPropertyValue value) => value switch
    {
        ScalarValue { Value: string s } => NeedsEscaping(s) ? new ScalarValue(Escaped(s)) : value,
        ScalarValue { Value: null or bool or IFormattable } => value,
        ScalarValue { Value: { } other } => other.ToString() is { } text && NeedsEscaping(text) ? new ScalarValue(Escaped(text)) : value,
        _ => value,
    };

    private static bool NeedsEscaping(string? text) => text.AsSpan().ContainsAny(Controls);

    private static string Escaped(string text)
    {
        if (!NeedsEscaping(text))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\r' => escaped.Append("\\r"),
                '\n' => escaped.Append("\\n"),
                '\t' => escaped.Append("\\t"),
                _ when Controls.Contains(c) => escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }
}
