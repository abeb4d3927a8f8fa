using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using InferenceService.FunctionalTests.Support;
using Microsoft.Playwright;

namespace InferenceService.BrowserTests;

/// <summary>The console at <c>/</c> in a real chromium: upload, table, threshold, canvas, keyboard, headers.</summary>
public sealed class ConsoleBrowserTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [ConsoleFact]
    public async Task Uploading_dog_jpg_lists_the_services_detections_and_a_higher_confidence_drops_the_truck()
    {
        var expected = await PredictAsync();
        await using var browser = await ConsoleServer.LaunchBrowserAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        var response = await page.GotoAsync(server.BaseAddress + "");
        Assert.NotNull(response);
        Assert.Contains("script-src 'self'", response.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers["x-content-type-options"]);
        await Assertions.Expect(page.Locator("#readiness")).ToHaveTextAsync("Ready");

        await page.Locator("#file").SetInputFilesAsync(SharedAssets.Image("dog.jpg"));
        var rows = page.Locator("#detections tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(expected.Classes.Length);
        var shown = await RowsAsync(page);
        foreach (var name in new[] { "dog", "bicycle", "car" })
        {
            var i = Array.IndexOf(expected.Classes, name);
            Assert.Contains((name, expected.Confidences[i].ToString("0.0000", CultureInfo.InvariantCulture)), shown);
        }

        Assert.Contains(shown, r => r.Name == "truck");
        Assert.True(await CanvasHasDetailInsideAsync(page, expected.Boxes[Array.IndexOf(expected.Classes, "dog")]), "the canvas is blank inside the dog's box");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "console.jpg"), FullPage = true, Type = ScreenshotType.Jpeg, Quality = 80 });

        await page.Locator("#confidence").FillAsync("0.5");
        await Assertions.Expect(rows).ToHaveCountAsync(expected.Confidences.Count(c => c >= 0.5f));
        Assert.DoesNotContain(await RowsAsync(page), r => r.Name == "truck");
        Assert.Empty(errors);
    }

    [ConsoleFact]
    public async Task The_console_is_usable_from_the_keyboard_and_sorts_its_table()
    {
        await using var browser = await ConsoleServer.LaunchBrowserAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseAddress + "");

        // Enter on the drop zone opens the file chooser: the page clicks its file input. Counting that click is
        // what the page controls; whether headless chromium then raises its chooser is the browser's business.
        await page.EvaluateAsync("() => { window.fileInputClicks = 0; document.getElementById('file').addEventListener('click', () => window.fileInputClicks++); }");
        await page.Locator("#drop").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.fileInputClicks"));
        await page.Locator("#file").SetInputFilesAsync(SharedAssets.Image("dog.jpg"));
        await Assertions.Expect(page.Locator("#detections tbody tr").First).ToBeVisibleAsync();

        await page.Locator("button[data-sort=name]").PressAsync("Enter");
        var names = (await RowsAsync(page)).Select(r => r.Name).ToArray();
        Assert.Equal(names.Order(StringComparer.Ordinal).ToArray(), names);
        Assert.Contains("curl", await page.Locator("#curl").TextContentAsync() ?? "", StringComparison.Ordinal);
    }

    [ConsoleFact]
    public async Task A_phone_sized_viewport_shows_the_page_without_horizontal_scrolling()
    {
        await using var browser = await ConsoleServer.LaunchBrowserAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true });
        await page.GotoAsync(server.BaseAddress + "");
        await page.Locator("#file").SetInputFilesAsync(SharedAssets.Image("dog.jpg"));
        await Assertions.Expect(page.Locator("#detections tbody tr").First).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the page scrolls sideways on a phone");
    }

    private async Task<Prediction> PredictAsync()
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(SharedAssets.Image("dog.jpg")));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("image/jpeg");
        using var response = await server.Client.PostAsync("/invocations", content);
        return JsonSerializer.Deserialize<Prediction>(await response.Content.ReadAsStringAsync(), new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;
    }

    private static async Task<List<(string Name, string Confidence)>> RowsAsync(IPage page)
    {
        var cells = await page.Locator("#detections tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))");
        return cells.Select(c => (c[1], c[2])).ToList();
    }

    /// <summary>Whether the pixels inside the box vary: the photo was drawn there, not a flat fill.</summary>
    private static Task<bool> CanvasHasDetailInsideAsync(IPage page, float[] box) => page.EvaluateAsync<bool>(
        """
        ({ x1, y1, x2, y2 }) => {
          const g = document.getElementById('canvas').getContext('2d');
          const w = Math.floor(x2 - x1) - 20, h = Math.floor(y2 - y1) - 20;
          const data = g.getImageData(Math.ceil(x1) + 10, Math.ceil(y1) + 10, w, h).data;
          const seen = new Set();
          for (let i = 0; i < data.length; i += 4 * 97) { if (data[i + 3] > 0) seen.add(data[i] << 16 | data[i + 1] << 8 | data[i + 2]); }
          return seen.size > 50;
        }
        """, new { x1 = (double)box[0], y1 = (double)box[1], x2 = (double)box[2], y2 = (double)box[3] });

    private sealed record Prediction(string[] Classes, float[] Confidences, float[][] Boxes);
}
