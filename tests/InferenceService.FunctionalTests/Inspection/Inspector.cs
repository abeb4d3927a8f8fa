using System.Text.Json;
using InferenceService.Hosting;
using InferenceService.Inspection;

namespace InferenceService.FunctionalTests.Inspection;

/// <summary><c>inspect</c> called in process, as Program.cs calls it, with its output captured.</summary>
internal static class Inspector
{
    public static (int Exit, string Output) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var command = CommandLine.Parse(["inspect", .. args], stdout, stderr);
        Assert.True(command.Inspect is not null, "not parsed as inspect: " + stderr);
        var exit = InspectCommand.Run(command.Inspect, command.Settings, stdout);
        return (exit, stdout.ToString());
    }

    public static (int Exit, JsonElement Report) Json(params string[] args)
    {
        var (exit, output) = Run([.. args, "--json"]);
        return (exit, JsonDocument.Parse(output).RootElement);
    }

    /// <summary>The value after a text report's heading, e.g. <c>Field(output, "family")</c>.</summary>
    public static string Field(string output, string heading) =>
        output.Split('\n').First(line => line.StartsWith(heading.PadRight(16), StringComparison.Ordinal))[16..].TrimEnd();
}
