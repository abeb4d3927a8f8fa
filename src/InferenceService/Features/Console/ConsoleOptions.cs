namespace InferenceService.Features.Console;

/// <summary>The browser console at <c>/</c> (CONSOLE_ENABLED).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>On by default: it is static files and the same endpoints a client calls, nothing more.</summary>
    public bool Enabled { get; set; } = true;
}
