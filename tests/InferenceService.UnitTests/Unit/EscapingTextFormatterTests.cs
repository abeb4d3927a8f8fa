using InferenceService.Hosting;
using Serilog.Events;
using Serilog.Parsing;

namespace InferenceService.UnitTests.Unit;

public sealed class EscapingTextFormatterTests
{
    private static LogEvent Event(string template, Exception? exception, params (string Name, object? Value)[] properties) => new(
        DateTimeOffset.UnixEpoch, LogEventLevel.Error, exception, new MessageTemplateParser().Parse(template),
        properties.Select(p => new LogEventProperty(p.Name, new ScalarValue(p.Value))));

    private static string Format(LogEvent logEvent)
    {
        var text = new StringWriter();
        LoggingSetup.TextFormatter.Format(logEvent, text);
        return text.ToString();
    }

    [Fact]
    public void Control_characters_in_properties_are_escaped_and_nested_values_are_JSON()
    {
        var nested = new LogEventProperty("Items", new SequenceValue([new ScalarValue("a\nb"), new ScalarValue(1)]));
        var logEvent = new LogEvent(
            DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new MessageTemplateParser().Parse("{Path} {Items} {Count}"),
            [new LogEventProperty("Path", new ScalarValue("/x\r\n[00:20:00.000 ERR] \u001b[31mforged\t\0")), nested, new LogEventProperty("Count", new ScalarValue(3))]);

        var text = Format(logEvent);

        Assert.EndsWith("/x\\r\\n[00:20:00.000 ERR] \\u001B[31mforged\\t\\u0000 [\"a\\nb\",1] 3" + Environment.NewLine, text);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Exception_lines_are_indented_so_none_can_pass_for_a_log_line()
    {
        var exception = new InvalidOperationException("bad value 'x\n[00:20:00.000 ERR] forged\r'");

        var lines = Format(Event("Failed {What}", exception, ("What", "it"))).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("[", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("Failed it", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("[00:20:00.000 ERR] forged\\r'", StringComparison.Ordinal));
        Assert.All(lines[1..], l => Assert.StartsWith("  ", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain('\r', l));
    }

    [Fact]
    public void Ordinary_events_are_written_as_the_template_says()
    {
        var text = Format(Event("{RequestMethod} {RequestPath} {StatusCode}", null, ("RequestMethod", "GET"), ("RequestPath", "/ping"), ("StatusCode", 200)));

        Assert.Equal("[00:00:00.000 ERR]  GET /ping 200" + Environment.NewLine, text);
    }
}
