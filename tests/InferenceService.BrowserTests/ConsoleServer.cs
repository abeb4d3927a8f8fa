using InferenceService.FunctionalTests.Support;
using Microsoft.Playwright;

namespace InferenceService.BrowserTests;

/// <summary>
/// The service on a real Kestrel port (a browser cannot reach the in-memory test server) with yolox-nano, and a
/// headless Debian chromium driven by Playwright. Chromium is installed by .ci/run; elsewhere its absence is a skip
/// with the reason, except under CI, where it fails.
/// </summary>
public sealed class ConsoleServer() : ModelHost(() => ServiceHost.Serving("yolox-nano").StartKestrel())
{
    public static string? Chromium { get; } =
        new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    public static string? ConsoleSkipReason => SharedAssets.SkipReason ?? (Chromium is null && Environment.GetEnvironmentVariable("CI") is null
        ? "Debian's chromium is not installed (apt-get install chromium; .ci/run installs it)."
        : null);

    public Uri BaseAddress => Client.BaseAddress!;

    /// <summary>Headless Debian chromium (no browser download works here).</summary>
    public static async Task<IBrowser> LaunchBrowserAsync()
    {
        Assert.True(Chromium is not null, "chromium is required under CI: .ci/run installs it with apt-get");
        var playwright = await Playwright.CreateAsync();
        return await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    protected override string? SkipReason => ConsoleSkipReason;
}

public sealed class ConsoleFactAttribute : FactAttribute
{
    public ConsoleFactAttribute()
    {
        Skip = ConsoleServer.ConsoleSkipReason;
    }
}
