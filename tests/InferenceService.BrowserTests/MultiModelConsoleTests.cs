using System.Net;
using System.Net.Http.Json;
using InferenceService.FunctionalTests.Support;
using Microsoft.Playwright;

namespace InferenceService.BrowserTests;

/// <summary>On a multi-model endpoint the console lists the loaded models and runs the one picked.</summary>
public sealed class MultiModelConsoleTests
{
    [ConsoleFact]
    public async Task The_console_lists_loaded_models_and_runs_the_one_picked()
    {
        using var root = new TempFolder();
        var folder = Directory.CreateDirectory(Path.Combine(root.Path, "detector")).FullName;
        foreach (var file in Directory.GetFiles(SharedAssets.Model("yolox-nano")))
        {
            File.CreateSymbolicLink(Path.Combine(folder, Path.GetFileName(file)), file);
        }

        using var host = ServiceHost.WithoutModel(("MultiModel:Enabled", "true"), ("MultiModel:Root", root.Path)).StartKestrel();
        using var client = host.CreateKestrelClient();
        using (var load = await client.PostAsJsonAsync("/models", new { model_name = "detector", url = folder }))
        {
            Assert.Equal(HttpStatusCode.OK, load.StatusCode);
        }

        await using var browser = await ConsoleServer.LaunchBrowserAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(client.BaseAddress + "");
        await Assertions.Expect(page.Locator("#model-name option")).ToHaveTextAsync(["detector"]);

        await page.Locator("#file").SetInputFilesAsync(SharedAssets.Image("dog.jpg"));
        await Assertions.Expect(page.Locator("#detections tbody tr").First).ToBeVisibleAsync();
        Assert.Contains("dog", await page.Locator("#detections tbody").TextContentAsync() ?? "", StringComparison.Ordinal);
        Assert.Contains("/models/detector/invoke", await page.Locator("#curl").TextContentAsync() ?? "", StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#model-info")).ToContainTextAsync("yolox");
    }
}
